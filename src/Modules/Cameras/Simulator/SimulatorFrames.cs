using System.Collections.Concurrent;

namespace Mekong.Modules.Cameras.Simulator;

/// <summary>The current picture of a simulated camera, painted at most five times a second per camera.</summary>
internal static class SimulatorFrames
{
    private static readonly ConcurrentDictionary<(SimulatedFleet, int, bool), (long Slot, SimulatedMode Mode, byte[] Jpeg)> Cache = new();

    /// <param name="fleet">The camera's fleet (its clock).</param>
    /// <param name="camera">Whose picture.</param>
    /// <param name="rtp">For RTP/JPEG (baseline, standard Huffman tables) rather than a snapshot.</param>
    public static byte[] Frame(SimulatedFleet fleet, SimulatedCamera camera, bool rtp = false)
    {
        var now = fleet.Clock.GetUtcNow();
        var mode = camera.Mode;
        if (mode == SimulatedMode.Frozen)
        {
            var at = camera.FrozenAt ??= now;
            return rtp
                ? camera.FrozenRtpFrame ??= ScenePainter.Paint(camera, SimulatedMode.Ok, at, baseline: true)
                : camera.FrozenFrame ??= ScenePainter.Paint(camera, SimulatedMode.Ok, at);
        }

        var look = mode is SimulatedMode.Black or SimulatedMode.Covered ? mode : SimulatedMode.Ok;
        var slot = now.ToUnixTimeMilliseconds() / 200;
        var key = (fleet, camera.Number, rtp);
        if (Cache.TryGetValue(key, out var cached) && cached.Slot == slot && cached.Mode == look)
        {
            return cached.Jpeg;
        }

        var jpeg = ScenePainter.Paint(camera, look, now, baseline: rtp);
        Cache[key] = (slot, look, jpeg);
        return jpeg;
    }

    public static void Forget(SimulatedFleet fleet)
    {
        foreach (var key in Cache.Keys.Where(k => k.Item1 == fleet))
        {
            Cache.TryRemove(key, out _);
        }
    }
}
