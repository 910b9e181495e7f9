using System.Collections.Concurrent;

namespace Mekong.Modules.Cameras.Simulator;

/// <summary>The current picture of a simulated camera, painted at most five times a second per camera.</summary>
internal static class SimulatorFrames
{
    private static readonly ConcurrentDictionary<(SimulatedFleet, int), (long Slot, SimulatedMode Mode, byte[] Jpeg)> Cache = new();

    public static byte[] Frame(SimulatedFleet fleet, SimulatedCamera camera)
    {
        var now = fleet.Clock.GetUtcNow();
        var mode = camera.Mode;
        if (mode == SimulatedMode.Frozen)
        {
            return camera.FrozenFrame ??= ScenePainter.Paint(camera, SimulatedMode.Ok, now);
        }

        var look = mode is SimulatedMode.Black or SimulatedMode.Covered ? mode : SimulatedMode.Ok;
        var slot = now.ToUnixTimeMilliseconds() / 200;
        var key = (fleet, camera.Number);
        if (Cache.TryGetValue(key, out var cached) && cached.Slot == slot && cached.Mode == look)
        {
            return cached.Jpeg;
        }

        var jpeg = ScenePainter.Paint(camera, look, now);
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
