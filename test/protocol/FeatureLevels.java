import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.FeatureVersion;
import org.apache.kafka.server.common.MetadataVersion;
// Prints metadata.version levels, each production feature's default level on them, and each feature
// level's dependencies, as the Kafka release on the
// classpath has them (for src/commands/cluster/kafka-release.ts):
//   java -cp "$HOME/.cache/kafka-cli/kafka-4.4.0/libs/*" test/protocol/FeatureLevels.java
public class FeatureLevels {
  public static void main(String[] a) {
    StringBuilder out = new StringBuilder("{\"metadataVersions\": [");
    boolean first = true;
    for (MetadataVersion v : MetadataVersion.VERSIONS) {
      out.append(first ? "" : ",").append("\n  {\"level\": ").append(v.featureLevel()).append(", \"name\": \"").append(v.version()).append("\", \"production\": ").append(v.isProduction()).append(", \"features\": [");
      first = false;
      boolean f1 = true;
      for (Feature f : Feature.PRODUCTION_FEATURES) {
        out.append(f1 ? "" : ", ").append("[\"").append(f.featureName()).append("\", ").append(f.defaultLevel(v)).append("]");
        f1 = false;
      }
      out.append("]}");
    }
    out.append("\n], \"dependencies\": [");
    boolean d1 = true;
    for (Feature f : Feature.PRODUCTION_FEATURES) {
      for (FeatureVersion v : f.featureVersions()) {
        out.append(d1 ? "" : ",").append("\n  {\"feature\": \"").append(f.featureName()).append("\", \"level\": ").append(v.featureLevel()).append(", \"requires\": \"").append(v.dependencies()).append("\"}");
        d1 = false;
      }
    }
    out.append("\n], \"latestProduction\": \"").append(MetadataVersion.latestProduction().version()).append("\"}");
    System.out.println(out);
  }
}
