using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Features.Outages;

namespace Mekong.UnitTests.Cameras;

public sealed class OutageDetectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Ten cameras per feeder (the first twenty; the others have none recorded), twenty per segment, all in one commune.</summary>
    private static List<OutageCamera> Fleet(Func<int, (CameraState State, DateTimeOffset Since)> state) =>
        Enumerable.Range(0, 40).Select(n =>
        {
            var (s, since) = state(n);
            return new OutageCamera(new Guid(n + 1, 0, 0, new byte[8]), $"C{n:D2}", "90", n < 20 ? $"feeder-{n / 10}" : null, $"seg-{n / 20}", "c1", s, since);
        }).ToList();

    [Fact]
    public void A_feeder_cut_is_one_outage_named_after_the_feeder_not_its_segment_or_commune()
    {
        var cameras = Fleet(n => n < 10 ? (CameraState.Offline, Now) : (CameraState.Online, Now.AddDays(-1)));
        var outage = Assert.Single(OutageDetector.Detect(cameras, cameras.Take(10).Select(c => c.Id).ToHashSet(), Now, OutageRules.Default));
        Assert.Equal(("feeder", "feeder-0", 10, 10), (outage.Kind, outage.Key, outage.Offline, outage.Cameras));
    }

    [Fact]
    public void Without_a_feeder_on_record_the_network_segment_is_named()
    {
        // Cameras 20-39 have no feeder recorded (Fleet): half of their segment down is that segment's outage.
        var cameras = Fleet(n => n >= 20 && n < 30 ? (CameraState.Offline, Now) : (CameraState.Online, Now.AddDays(-1)));
        var outage = Assert.Single(OutageDetector.Detect(cameras, cameras.Where(c => c.State == CameraState.Offline).Select(c => c.Id).ToHashSet(), Now, OutageRules.Default));
        Assert.Equal(("segment", "seg-1", 10, 20), (outage.Kind, outage.Key, outage.Offline, outage.Cameras));
    }

    [Fact]
    public void Scattered_drops_the_next_sweep_and_old_failures_raise_nothing()
    {
        // Two cameras per feeder down: no group has enough.
        var scattered = Fleet(n => n % 10 < 2 ? (CameraState.Offline, Now) : (CameraState.Online, Now.AddDays(-1)));
        Assert.Empty(OutageDetector.Detect(scattered, scattered.Where(c => c.State == CameraState.Offline).Select(c => c.Id).ToHashSet(), Now, OutageRules.Default));

        // A feeder already down for an hour, outside the window: one more camera does not make an outage.
        var old = Fleet(n => n < 9 ? (CameraState.Offline, Now.AddHours(-1)) : n == 9 ? (CameraState.Offline, Now) : (CameraState.Online, Now.AddDays(-1)));
        Assert.Empty(OutageDetector.Detect(old, new HashSet<Guid> { old[9].Id }, Now, OutageRules.Default));

        // An outage raised by the last sweep: a camera that joins it now raises no second alert.
        var raised = Fleet(n => n < 9 ? (CameraState.Offline, Now.AddMinutes(-1)) : n == 9 ? (CameraState.Offline, Now) : (CameraState.Online, Now.AddDays(-1)));
        Assert.Empty(OutageDetector.Detect(raised, new HashSet<Guid> { raised[9].Id }, Now, OutageRules.Default));
    }
}
