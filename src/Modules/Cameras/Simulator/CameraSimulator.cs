namespace Mekong.Modules.Cameras.Simulator;

/// <summary>The simulator as a whole: the fleet and its two listeners (tests, the benchmark and the CLI verb start it alike).</summary>
internal sealed class CameraSimulator : IAsyncDisposable
{
    private CameraSimulator(SimulatedFleet fleet, RtspSimulator rtsp, HttpSimulator http)
    {
        Fleet = fleet;
        Rtsp = rtsp;
        Http = http;
    }

    public SimulatedFleet Fleet { get; }

    public RtspSimulator Rtsp { get; }

    public HttpSimulator Http { get; }

    public static async Task<CameraSimulator> StartAsync(int count, int rtspPort = 0, int httpPort = 0, TimeProvider? clock = null)
    {
        var fleet = new SimulatedFleet(count) { Clock = clock ?? TimeProvider.System };
        var rtsp = new RtspSimulator(fleet);
        rtsp.Start(rtspPort);
        var http = new HttpSimulator(fleet) { RtspPort = rtsp.Port };
        await http.StartAsync(httpPort);
        return new CameraSimulator(fleet, rtsp, http);
    }

    public string Csv()
    {
        using var writer = new StringWriter();
        Fleet.WriteCsv(writer, Rtsp.Port, Http.Port);
        return writer.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await Http.DisposeAsync();
        await Rtsp.DisposeAsync();
        SimulatorFrames.Forget(Fleet);
    }
}
