using System.Globalization;
using System.Text.Json;
using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Features.Alerts;
using Mekong.Modules.Telemetry.Features.Devices;
using Mekong.Modules.Telemetry.Features.OpsMap;
using Mekong.Modules.Telemetry.Storage;

namespace Mekong.Modules.Telemetry.Features.Ingest;

/// <summary>
/// Who is writing: a device (its token), which writes only as itself, or a system holding an operator's API key, which
/// writes for any device of its jurisdiction (every jurisdiction for an installation administrator).
/// </summary>
internal sealed record IngestCaller(long? DeviceId, string? JurisdictionCode, bool AnyJurisdiction)
{
    public static IngestCaller Device(DeviceInfo device) => new(device.Id, device.JurisdictionCode, false);
}

/// <summary>Why one item of a batch was not stored: its position in the batch, the field at fault, a stable code and a sentence.</summary>
internal sealed record RejectedReading(int Index, string Field, string Code, string Reason);

/// <summary>The answer to a batch: how many items were accepted, how many of those were new, and each item refused.</summary>
internal sealed record IngestResult(int Accepted, int Stored, int Duplicates, IReadOnlyList<RejectedReading> Rejected);

/// <summary>
/// Checks every item of a batch on its own and stores the good ones in one write (ADR 0027): an item is refused with its
/// index and reason (unknown device or measurement, a device the caller may not write as, no or a future time, a value
/// outside the measurement's valid range), the others are stored; a repeat of a stored reading is accepted and changes
/// nothing; late and out-of-order readings are accepted. Shared by HTTP and MQTT.
/// </summary>
internal sealed class IngestReadingsHandler(DeviceDirectory devices, ReadingStore store, SensorLiveFeed live, AlertEngine alerts, TimeProvider clock)
{
    public const int MaxBatch = 50_000;

    /// <summary>A device's clock may run a little ahead; beyond this a reading is from the future.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public async Task<IngestResult> IngestAsync(IngestCaller caller, JsonElement items, CancellationToken cancellationToken)
    {
        var (readings, rejected) = await CheckAsync(caller, items, cancellationToken);
        var outcome = await store.WriteAsync(readings, cancellationToken);
        if (outcome.Stored > 0)
        {
            live.Changed(readings);
        }

        // Committed: the alert rules see them now (ADR 0033); a repeat moves nothing (trackers ignore what they saw).
        await alerts.ObserveAsync(readings, cancellationToken);

        return new IngestResult(readings.Count, outcome.Stored, outcome.Duplicates, rejected);
    }

    public async Task<(List<Reading> Readings, List<RejectedReading> Rejected)> CheckAsync(IngestCaller caller, JsonElement items, CancellationToken cancellationToken)
    {
        var readings = new List<Reading>(items.GetArrayLength());
        var rejected = new List<RejectedReading>();
        var now = clock.GetUtcNow();
        var index = -1;
        DeviceInfo? last = null;
        foreach (var item in items.EnumerateArray())
        {
            index++;
            if (item.ValueKind != JsonValueKind.Object)
            {
                rejected.Add(new(index, string.Empty, "not_an_object", "Each reading is an object with measurement, ts and value."));
                continue;
            }

            long deviceId;
            if (item.TryGetProperty("device", out var deviceElement))
            {
                if (!TryDeviceId(deviceElement, out deviceId))
                {
                    rejected.Add(new(index, "device", "invalid_device", "The device is its numeric id."));
                    continue;
                }
            }
            else if (caller.DeviceId is { } own)
            {
                deviceId = own;
            }
            else
            {
                rejected.Add(new(index, "device", "missing_device", "The device is missing (only a device's own token may leave it out)."));
                continue;
            }

            if (caller.DeviceId is { } self && deviceId != self)
            {
                rejected.Add(new(index, "device", "not_this_device", $"This token writes as device {self} only, not as {deviceId}."));
                continue;
            }

            var device = last?.Id == deviceId ? last : await devices.FindAsync(deviceId, cancellationToken);
            if (device is null || (!caller.AnyJurisdiction && device.JurisdictionCode != caller.JurisdictionCode))
            {
                rejected.Add(new(index, "device", "unknown_device", $"There is no device {deviceId} in this jurisdiction."));
                continue;
            }

            last = device;
            if (device.Status == DeviceStatus.Retired)
            {
                rejected.Add(new(index, "device", "device_retired", $"Device {deviceId} is retired."));
                continue;
            }

            var measurementCode = item.TryGetProperty("measurement", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var measurement = measurementCode is null ? null : device.Type.Find(measurementCode);
            if (measurement is null)
            {
                rejected.Add(new(index, "measurement", "unknown_measurement",
                    $"A {device.Type.Code} device measures {string.Join(", ", device.Type.Measurements.Select(x => x.Code))}{(measurementCode is null ? string.Empty : $", not '{Quote(measurementCode)}'")}."));
                continue;
            }

            if (!item.TryGetProperty("ts", out var tsElement) || !TryInstant(tsElement, out var at))
            {
                rejected.Add(new(index, "ts", "invalid_ts", "The time is an RFC 3339 date-time with its offset (2026-12-01T08:00:00Z) or Unix milliseconds."));
                continue;
            }

            if (at > now + FutureTolerance)
            {
                rejected.Add(new(index, "ts", "future_ts", $"The time {at:O} is more than {FutureTolerance.TotalMinutes:0} minutes ahead of the server's clock."));
                continue;
            }

            if (at < Earliest)
            {
                rejected.Add(new(index, "ts", "ancient_ts", "The time is before the year 2000."));
                continue;
            }

            if (!item.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var value))
            {
                rejected.Add(new(index, "value", "invalid_value", "The value is a number."));
                continue;
            }

            if (!measurement.Accepts(value))
            {
                rejected.Add(new(index, "value", "out_of_range",
                    string.Create(CultureInfo.InvariantCulture, $"{measurement.Code} {value} {measurement.Unit} is outside the sensor's valid range [{measurement.Min}, {measurement.Max}].")));
                continue;
            }

            readings.Add(new Reading(deviceId, measurement.Id, at, value));
        }

        return (readings, rejected);
    }

    private static bool TryDeviceId(JsonElement element, out long id)
    {
        id = 0;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt64(out id) && id > 0,
            JsonValueKind.String => long.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0,
            _ => false,
        };
    }

    /// <summary>An RFC 3339 date-time with its offset (a time without one is ambiguous), or Unix milliseconds; kept to the millisecond.</summary>
    public static bool TryInstant(JsonElement element, out DateTimeOffset at)
    {
        at = default;
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var ms) && ms is > 0 and < 32503680000000)
        {
            at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return true;
        }

        if (element.ValueKind != JsonValueKind.String || element.GetString() is not { Length: >= 20 and <= 40 } text
            || !(text.EndsWith('Z') || text.EndsWith('z') || text[^6] is '+' or '-'))
        {
            return false;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        at = DateTimeOffset.FromUnixTimeMilliseconds(parsed.ToUnixTimeMilliseconds());
        return true;
    }

    private static string Quote(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
