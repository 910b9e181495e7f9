using System.Diagnostics;

namespace Mekong.UnitTests.Places;

/// <summary>Handmade OSM files, and the same files converted to PBF by Debian's osmium-tool (a third-party writer).</summary>
internal static class OsmSamples
{
    public const string Small = """
        <?xml version="1.0" encoding="UTF-8"?>
        <osm version="0.6" generator="handmade">
          <bounds minlat="9.5" minlon="105.9" maxlat="9.7" maxlon="106.0"/>
          <node id="1" lat="9.6000001" lon="105.9500002" version="1"/>
          <node id="2" lat="9.6010000" lon="105.9510000" version="1">
            <tag k="amenity" v="hospital"/>
            <tag k="name" v="Bệnh viện Đa khoa Phù Sa"/>
          </node>
          <node id="3" lat="-33.8688" lon="151.2093" version="1"/>
          <node id="-4" lat="9.602" lon="105.952" version="1"><tag k="highway" v="traffic_signals"/></node>
          <way id="10" version="1">
            <nd ref="1"/><nd ref="2"/><nd ref="-4"/>
            <tag k="highway" v="primary"/>
            <tag k="name" v="Đường Trần Hưng Đạo"/>
            <tag k="oneway" v="yes"/>
          </way>
          <way id="11" version="1"><nd ref="2"/><nd ref="3"/></way>
          <relation id="100" version="1">
            <member type="way" ref="10" role="from"/>
            <member type="node" ref="2" role="via"/>
            <member type="way" ref="11" role="to"/>
            <tag k="type" v="restriction"/>
            <tag k="restriction" v="no_left_turn"/>
          </relation>
        </osm>
        """;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes <paramref name="xml"/> to a temporary .osm file and converts it with <c>osmium cat</c> to PBF.</summary>
    public static byte[] ToPbf(string xml, string format = "pbf")
    {
        const string osmium = "/usr/bin/osmium";
        if (!File.Exists(osmium))
        {
            var reason = "osmium-tool is not installed (apt-get install osmium-tool; test.sh installs it).";
            if (IsCi)
            {
                Assert.Fail(reason + " CI=true: the PBF tests must run in CI.");
            }

            Assert.Skip(reason);
        }

        var directory = Directory.CreateTempSubdirectory("mekong-osm-");
        try
        {
            var input = Path.Combine(directory.FullName, "in.osm");
            var output = Path.Combine(directory.FullName, "out.osm.pbf");
            File.WriteAllText(input, xml);
            using var process = Process.Start(new ProcessStartInfo(osmium, ["cat", input, "-o", output, "-f", format, "--overwrite", "--no-progress"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, "osmium cat failed: " + error);
            return File.ReadAllBytes(output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
