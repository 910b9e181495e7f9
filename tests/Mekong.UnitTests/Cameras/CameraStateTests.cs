using Mekong.Modules.Cameras.Domain;

namespace Mekong.UnitTests.Cameras;

public sealed class CameraStateTests
{
    private static readonly ProbeRules Rules = new(Confirmations: 2, Interval: TimeSpan.FromSeconds(60), MaxBackoff: TimeSpan.FromMinutes(10));

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    private Camera NewCamera() => Camera.Register("90", new CameraDetails("GT-1", "Ngã tư", "traffic", 9.6, 105.9), "90001", null, _clock);

    private CameraStateChange? Check(Camera camera, CameraFault fault)
    {
        _clock.Advance(TimeSpan.FromSeconds(60));
        return camera.Observe(fault, 50, Rules, _clock);
    }

    [Fact]
    public void The_first_check_decides_an_unknown_camera()
    {
        var camera = NewCamera();

        var change = Check(camera, CameraFault.Unreachable);

        Assert.Equal(CameraState.Offline, camera.State);
        Assert.Equal((CameraState.Unknown, CameraState.Offline, CameraFault.Unreachable), (change!.From, change.To, change.Fault));
        Assert.Single(camera.History);
    }

    [Fact]
    public void One_failed_check_is_not_an_outage_two_are()
    {
        var camera = NewCamera();
        Check(camera, CameraFault.None);

        Assert.Null(Check(camera, CameraFault.Unreachable));
        Assert.Equal(CameraState.Online, camera.State);
        Assert.Null(Check(camera, CameraFault.None));
        Assert.Null(Check(camera, CameraFault.Unreachable));
        Assert.Equal(CameraState.Online, camera.State);
        var change = Check(camera, CameraFault.Timeout);

        Assert.Equal(CameraState.Offline, camera.State);
        Assert.Equal(CameraFault.Timeout, change!.Fault);
        Assert.Equal([CameraState.Online, CameraState.Offline], camera.History.Select(h => h.To));
    }

    [Fact]
    public void Picture_faults_make_a_camera_degraded_and_a_new_reason_is_recorded()
    {
        var camera = NewCamera();
        Check(camera, CameraFault.None);
        Check(camera, CameraFault.Frozen);
        Check(camera, CameraFault.Frozen);
        Assert.Equal((CameraState.Degraded, CameraFault.Frozen), (camera.State, camera.Fault));

        var change = Check(camera, CameraFault.Covered);

        Assert.Equal((CameraState.Degraded, CameraState.Degraded, CameraFault.Covered), (change!.From, change.To, change.Fault));
    }

    [Fact]
    public void Uptime_counts_online_time_over_online_degraded_and_offline_time()
    {
        var camera = NewCamera();
        Check(camera, CameraFault.None);          // online from 08:01
        Check(camera, CameraFault.None);          // 08:02: 60 s online
        Check(camera, CameraFault.None);          // 08:03: 120 s online
        Check(camera, CameraFault.Unreachable);   // 08:04: 180 s online, pending
        Check(camera, CameraFault.Unreachable);   // 08:05: 240 s online; offline from now
        Check(camera, CameraFault.Unreachable);   // 08:06: 60 s offline

        Assert.Equal(240, camera.OnlineSeconds);
        Assert.Equal(60, camera.OfflineSeconds);
        Assert.Equal(0.8, camera.Uptime!.Value, 3);
    }

    [Fact]
    public void Maintenance_does_not_count_and_ends_as_unknown()
    {
        var camera = NewCamera();
        Check(camera, CameraFault.None);
        camera.StartMaintenance(null, "thay camera", _clock);
        Assert.Equal(CameraState.Maintenance, camera.State);

        Assert.Null(Check(camera, CameraFault.Unreachable));
        Assert.Null(Check(camera, CameraFault.Unreachable));
        Assert.Equal(CameraState.Maintenance, camera.State);
        Assert.Equal(0, camera.OfflineSeconds);

        camera.EndMaintenance(_clock);
        Assert.Equal(CameraState.Unknown, camera.State);
        Check(camera, CameraFault.None);
        Assert.Equal(CameraState.Online, camera.State);
        Assert.Equal(0, camera.OnlineSeconds);
    }

    [Fact]
    public void A_maintenance_window_ends_by_itself()
    {
        var camera = NewCamera();
        Check(camera, CameraFault.None);
        camera.StartMaintenance(_clock.GetUtcNow().AddMinutes(2), "bảo trì", _clock);

        Check(camera, CameraFault.None);
        Assert.Equal(CameraState.Maintenance, camera.State);
        var change = Check(camera, CameraFault.Unreachable);

        Assert.Equal((CameraState.Maintenance, CameraState.Offline), (change!.From, change.To));
    }

    [Fact]
    public void A_dead_camera_is_checked_less_and_less_often_up_to_the_limit()
    {
        var camera = NewCamera();
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 8; i++)
        {
            Check(camera, CameraFault.Unreachable);
            delays.Add(camera.NextCheckAt - _clock.GetUtcNow());
        }

        Assert.Equal([60, 60, 120, 240, 480, 600, 600, 600], delays.Select(d => (int)d.TotalSeconds));
        Check(camera, CameraFault.None);
        Assert.Equal(TimeSpan.FromSeconds(60), camera.NextCheckAt - _clock.GetUtcNow());
    }

    [Fact]
    public void A_description_that_breaks_the_rules_names_each_field()
    {
        var details = new CameraDetails("bad code!", "", "Traffic Cam", 200, 105, RtspMainUrl: "rtsp://admin:secret@10.0.0.1/main", SnapshotUrl: "ftp://x");

        var fields = details.Validate().Select(e => e.Field).ToList();

        Assert.Equal(["code", "name", "type", "latitude", "rtspMainUrl", "snapshotUrl"], fields);
    }
}

internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
