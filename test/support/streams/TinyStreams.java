import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.Stores;

/** A Kafka Streams application of the streams group protocol (KIP-1071): counts the input's keys. Args: bootstrap, application id, input, output, state dir. */
public class TinyStreams {
  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, args[1]);
    p.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams");
    p.put(StreamsConfig.STATE_DIR_CONFIG, args[4]);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    StreamsBuilder builder = new StreamsBuilder();
    builder.<String, String>stream(args[2])
        .groupByKey()
        .count(Materialized.as(Stores.inMemoryKeyValueStore("counts")))
        .toStream()
        .mapValues(String::valueOf)
        .to(args[3]);
    KafkaStreams streams = new KafkaStreams(builder.build(), p);
    Runtime.getRuntime().addShutdownHook(new Thread(streams::close));
    streams.setStateListener((now, before) -> System.out.println("state " + now));
    streams.start();
    Thread.currentThread().join();
  }
}
