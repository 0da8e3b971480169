import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.Readable;

/**
 * Makes the protocol fixtures with Kafka's own generated message classes: each case (a message
 * name, a version and its value in Kafka's JSON form) is read by the message's JsonConverter,
 * serialized, then read back from those bytes and written as JSON again.
 * Usage: java -cp 'libs/*:.' MessageFixtures cases.json fixtures.json
 */
public class MessageFixtures {
  public static void main(String[] args) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode cases = mapper.readTree(Files.readString(Path.of(args[0])));
    ArrayNode out = mapper.createArrayNode();
    for (JsonNode c : cases) {
      String name = c.get("message").asText();
      short version = (short) c.get("version").asInt();
      // Requests and responses are classes named ...Data; data messages (ConsumerProtocol*) are named as they are.
      String className = "org.apache.kafka.common.message." + name + (name.endsWith("Request") || name.endsWith("Response") ? "Data" : "");
      Class<?> data = Class.forName(className);
      Class<?> converter = Class.forName(className + "JsonConverter");
      Message message = (Message) converter.getMethod("read", JsonNode.class, short.class).invoke(null, c.get("value"), version);
      ByteBuffer bytes = MessageUtil.toByteBufferAccessor(message, version).buffer();
      bytes.rewind();
      byte[] raw = MessageUtil.byteBufferToArray(bytes);
      Message decoded = (Message) data.getConstructor(Readable.class, short.class).newInstance(new ByteBufferAccessor(ByteBuffer.wrap(raw)), version);
      // serializeRecords: records in full, as the other bytes fields are.
      Method write = converter.getMethod("write", data, short.class, boolean.class);
      ObjectNode entry = out.addObject();
      entry.put("message", name);
      entry.put("version", version);
      entry.set("value", c.get("value"));
      StringBuilder hex = new StringBuilder();
      for (byte b : raw) hex.append(String.format("%02x", b));
      entry.put("hex", hex.toString());
      entry.set("decoded", (JsonNode) write.invoke(null, decoded, version, true));
    }
    Files.writeString(Path.of(args[1]), mapper.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");
  }
}
