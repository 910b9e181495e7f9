namespace Mekong.Modules.Telemetry.Domain;

/// <summary>
/// One quantity a device measures. <see cref="Id"/> is the small number the time-series tables store (never reuse or
/// renumber one); <see cref="Code"/> is what devices send. A value outside [<see cref="Min"/>, <see cref="Max"/>] is
/// physically impossible for the sensor (a fault) and is rejected at ingest (ADR 0027).
/// </summary>
internal sealed record Measurement(short Id, string Code, string NameVi, string NameEn, string Unit, double Min, double Max)
{
    public bool Accepts(double value) => double.IsFinite(value) && value >= Min && value <= Max;
}

/// <summary>A kind of sensor station and the measurements it reports.</summary>
internal sealed record DeviceType(string Code, string NameVi, string NameEn, IReadOnlyList<Measurement> Measurements)
{
    public Measurement? Find(string code)
    {
        foreach (var m in Measurements)
        {
            if (string.Equals(m.Code, code, StringComparison.Ordinal))
            {
                return m;
            }
        }

        return null;
    }
}

/// <summary>
/// The device types a province watches, with their measurements, units and valid ranges. A catalogue in code, not a
/// table (ADR 0027): the measurement ids are stored in every reading, so a type is added by a reviewed change.
/// </summary>
internal static class DeviceTypes
{
    public static readonly Measurement WaterLevel = new(1, "water_level", "Mực nước", "Water level", "m", -5, 15);
    public static readonly Measurement Salinity = new(2, "salinity", "Độ mặn", "Salinity", "g/L", 0, 45);
    public static readonly Measurement WaterTemperature = new(3, "water_temperature", "Nhiệt độ nước", "Water temperature", "°C", 0, 45);
    public static readonly Measurement Rainfall = new(4, "rainfall", "Lượng mưa", "Rainfall", "mm", 0, 500);
    public static readonly Measurement Pm25 = new(5, "pm25", "Bụi PM2.5", "PM2.5", "µg/m³", 0, 1000);
    public static readonly Measurement Pm10 = new(6, "pm10", "Bụi PM10", "PM10", "µg/m³", 0, 2000);
    public static readonly Measurement AirTemperature = new(7, "temperature", "Nhiệt độ không khí", "Air temperature", "°C", -10, 60);
    public static readonly Measurement Humidity = new(8, "humidity", "Độ ẩm", "Relative humidity", "%", 0, 100);
    public static readonly Measurement FloodDepth = new(9, "flood_depth", "Độ sâu ngập", "Flood depth", "cm", 0, 500);

    public static IReadOnlyList<DeviceType> All { get; } =
    [
        new("water-level", "Trạm đo mực nước", "Water level gauge", [WaterLevel]),
        new("salinity", "Trạm đo độ mặn", "Salinity station", [Salinity, WaterTemperature]),
        new("rainfall", "Trạm đo mưa", "Rain gauge", [Rainfall]),
        new("air-quality", "Trạm quan trắc không khí", "Air quality station", [Pm25, Pm10]),
        new("weather", "Trạm nhiệt độ, độ ẩm", "Temperature and humidity", [AirTemperature, Humidity]),
        new("flood-depth", "Cảm biến ngập", "Flood depth sensor", [FloodDepth]),
    ];

    public static IReadOnlyList<Measurement> Measurements { get; } = All.SelectMany(t => t.Measurements).DistinctBy(m => m.Id).OrderBy(m => m.Id).ToList();

    public static DeviceType? Find(string? code) => All.FirstOrDefault(t => string.Equals(t.Code, code, StringComparison.Ordinal));

    public static Measurement? Measurement(short id) => Measurements.FirstOrDefault(m => m.Id == id);

    public static Measurement? Measurement(string? code) => Measurements.FirstOrDefault(m => string.Equals(m.Code, code, StringComparison.Ordinal));
}
