using Mekong.Modules.Telemetry.Domain;

namespace Mekong.Modules.Telemetry.Simulator;

/// <summary>
/// Plausible Mekong-delta signals for one simulated station (ADR 0041): a mixed semidiurnal tide (M2 12.42 h, K1
/// 23.93 h) in the water level; salinity that intrudes in the dry season (December–May, worst in March) and rides the
/// tide; rain storms (more from May to November) that fill rain gauges, raise rivers and flood streets, then drain;
/// daily cycles of temperature, humidity and traffic dust; and faults: silent gaps and spikes, a few beyond the
/// sensor's range (which ingest refuses, as it should).
/// </summary>
internal sealed class SensorSignals(DeviceType type, int seed)
{
    private readonly Random _random = new(seed);
    private readonly double _phase = seed % 1000 / 1000.0 * 2 * Math.PI;
    private double _storm;
    private DateTimeOffset _gapUntil;

    /// <summary>Chance per reading of a spike, and of a silent gap of a few minutes.</summary>
    public double SpikeChance { get; init; } = 0.002;

    public double GapChance { get; init; } = 0.0005;

    /// <summary>The readings of every measurement at <paramref name="at"/>; none while the station is in a gap.</summary>
    public IReadOnlyList<(Measurement Measurement, double Value)> Next(DateTimeOffset at)
    {
        if (at < _gapUntil)
        {
            return [];
        }

        if (_random.NextDouble() < GapChance)
        {
            _gapUntil = at.AddMinutes(2 + _random.Next(10));
            return [];
        }

        var hours = at.ToUnixTimeMilliseconds() / 3_600_000.0;
        var local = at.ToOffset(Buckets.VietnamOffset);
        var dayHour = local.Hour + (local.Minute / 60.0);
        var wet = local.Month is >= 5 and <= 11;
        // A storm starts now and then (more often in the wet season) and decays over an hour or two.
        if (_storm < 0.05 && _random.NextDouble() < (wet ? 0.0008 : 0.0001))
        {
            _storm = 0.5 + _random.NextDouble();
        }

        _storm *= 0.999;
        var tide = (0.8 * Math.Sin((2 * Math.PI * hours / 12.42) + _phase)) + (0.3 * Math.Sin((2 * Math.PI * hours / 23.93) + _phase));
        var dryness = local.Month is 12 or <= 5 ? Math.Max(0, Math.Cos((local.Month - 3) / 12.0 * 2 * Math.PI)) : 0;
        var daily = Math.Sin((dayHour - 9) / 24 * 2 * Math.PI);
        var values = new List<(Measurement, double)>();
        foreach (var m in type.Measurements)
        {
            var value = m.Code switch
            {
                "water_level" => 0.6 + tide + (0.8 * _storm) + Noise(0.02),
                "salinity" => Math.Max(0, (dryness * (4 + (2.5 * tide))) + 0.2 + Noise(0.05)),
                "water_temperature" => 29 + (1.2 * daily) + Noise(0.1),
                "rainfall" => _storm > 0.05 ? Math.Max(0, (_storm * 2) + Noise(0.3)) : 0,
                "pm25" => Math.Max(1, 30 + (15 * RushHour(dayHour)) - (10 * _storm) + Noise(3)),
                "pm10" => Math.Max(2, 50 + (25 * RushHour(dayHour)) - (15 * _storm) + Noise(5)),
                "temperature" => 29 + (3.5 * daily) - (3 * _storm) + Noise(0.2),
                "humidity" => Math.Clamp(78 - (12 * daily) + (15 * _storm) + Noise(1), 30, 100),
                "flood_depth" => Math.Max(0, (_storm - 0.4) * 60) + (_storm > 0.4 ? Noise(1) : 0),
                _ => (m.Min + m.Max) / 2,
            };
            if (_random.NextDouble() < SpikeChance)
            {
                // A faulty spike: mostly still plausible (stored, for alerts to judge), one in five beyond the range.
                value = _random.Next(5) == 0 ? m.Max * 1.5 + 1 : Math.Min(m.Max, value + ((m.Max - m.Min) * 0.2));
            }

            values.Add((m, Math.Round(Math.Clamp(value, m.Min - 1000, m.Max * 2 + 1000), 3)));
        }

        return values;
    }

    private double Noise(double scale) => (_random.NextDouble() - 0.5) * 2 * scale;

    private static double RushHour(double hour) => Math.Exp(-Math.Pow(hour - 7.5, 2) / 2) + Math.Exp(-Math.Pow(hour - 17.5, 2) / 2);
}
