using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Features.Devices;
using Mekong.Modules.Telemetry.Features.Ingest;
using Mekong.Modules.Telemetry.Storage;
using Mekong.Platform.Auth;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Telemetry.Features.NgsiLd;

/// <summary>A reading an NGSI-LD write asks for, before ingest checks it: which entity and attribute it came from.</summary>
internal sealed record PendingReading(int Entity, string Attribute, long Device, string Measurement, DateTimeOffset At, double Value);

/// <summary>What happened to one entity of a write: the attributes stored and those refused, with why.</summary>
internal sealed class EntityOutcome(string id)
{
    public string Id { get; } = id;

    public NgsiError? Error { get; set; }

    public bool Created { get; set; }

    public List<string> Updated { get; } = [];

    public List<(string Attribute, string Reason)> NotUpdated { get; } = [];
}

/// <summary>
/// NGSI-LD entities over the device registry and the readings (ADR 0041): no second store. An entity is a device (its
/// type's Smart Data Models type, name, location, data provider, commune, status) with its measurements' latest values
/// as properties (<c>observedAt</c>, <c>unitCode</c>); writing a measurement property is a reading, stored by the same
/// ingest as HTTP and MQTT (its checks, idempotency, live map and alert rules); creating an entity registers a device.
/// </summary>
internal sealed class NgsiEntities(TelemetryDbContext db, ReadingStore store, DeviceRegistry registry, IngestReadingsHandler ingest, TimeProvider clock)
{
    public const int MaxLimit = 1000;
    public const int MaxBatch = 1000;

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The device behind an entity id, if the caller may see it; any other id is not found.</summary>
    public async Task<Device?> FindAsync(ClaimsPrincipal user, string id, CancellationToken cancellationToken)
    {
        if (!NgsiVocabulary.TryParseId(id, out var type, out var jurisdiction, out var code) || !ActorScope.CanAccess(user, jurisdiction))
        {
            return null;
        }

        var device = await db.Devices.FirstOrDefaultAsync(d => d.JurisdictionCode == jurisdiction && d.Code == code, cancellationToken);
        return device is not null && NgsiVocabulary.Of(device.Type).Name == type ? device : null;
    }

    public static string IdOf(Device device) => NgsiVocabulary.EntityId(NgsiVocabulary.Of(device.Type), device.JurisdictionCode, device.Code);

    /// <summary>Renders an entity, normalized or simplified, with the attributes asked (null: all).</summary>
    public static JsonObject Render(Device device, IEnumerable<LatestValue> latest, bool keyValues, IReadOnlySet<string>? attrs)
    {
        var type = NgsiVocabulary.Of(device.Type);
        var entity = new JsonObject { ["id"] = IdOf(device), ["type"] = type.Name };
        void Add(string name, JsonNode value, Func<JsonObject>? normalized = null)
        {
            if (attrs is not null && !attrs.Contains(name))
            {
                return;
            }

            entity[name] = keyValues ? value : normalized?.Invoke() ?? new JsonObject { ["type"] = "Property", ["value"] = value };
        }

        Add("name", device.Name);
        Add("location", Point(device), () => new JsonObject { ["type"] = "GeoProperty", ["value"] = Point(device) });
        Add("dataProvider", device.OwnerAgency);
        if (device.CommuneCode is { } commune)
        {
            Add("areaServed", commune);
        }

        Add("deviceStatus", device.Status.Code());
        foreach (var value in latest.Where(l => l.DeviceId == device.Id).OrderBy(l => l.MeasurementId))
        {
            if (type.Attribute(value.MeasurementId) is { } attribute)
            {
                Add(attribute.Name, value.Value, () => new JsonObject
                {
                    ["type"] = "Property",
                    ["value"] = value.Value,
                    ["observedAt"] = Iso(value.At),
                    ["unitCode"] = attribute.UnitCode,
                });
            }
        }

        return entity;
    }

    /// <summary>The value a query term reads: a measurement's latest value or one of the text properties.</summary>
    public static AttributeValue ValuesOf(Device device, IReadOnlyList<LatestValue> latest)
    {
        var type = NgsiVocabulary.Of(device.Type);
        return name =>
        {
            switch (name)
            {
                case "name": return device.Name;
                case "dataProvider": return device.OwnerAgency;
                case "areaServed": return device.CommuneCode;
                case "deviceStatus": return device.Status.Code();
                case "id": return null;
            }

            var attribute = type.Attribute(name);
            if (attribute is null)
            {
                return null;
            }

            foreach (var l in latest)
            {
                if (l.DeviceId == device.Id && l.MeasurementId == attribute.Measurement.Id)
                {
                    return l.Value;
                }
            }

            return null;
        };
    }

    // ---- Writes ------------------------------------------------------------------------------------------------

    /// <summary>
    /// Writes entities: each one's id and type checked, created when missing and <paramref name="mayCreate"/> (a
    /// device is registered), its measurement properties stored as readings in one ingest for the whole request,
    /// its name, location, data provider and status changed when the caller is an administrator.
    /// </summary>
    public async Task<List<EntityOutcome>> WriteAsync(
        ClaimsPrincipal user, IReadOnlyList<JsonObject> entities, bool mayCreate, bool mustCreate, CancellationToken cancellationToken)
    {
        var outcomes = new List<EntityOutcome>();
        var pending = new List<PendingReading>();
        var now = clock.GetUtcNow();
        for (var i = 0; i < entities.Count; i++)
        {
            var entity = entities[i];
            var id = entity["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            var outcome = new EntityOutcome(id ?? string.Empty);
            outcomes.Add(outcome);
            if (!NgsiVocabulary.IsUri(id))
            {
                outcome.Error = NgsiError.BadRequestData("Each entity has an id, a URI.");
                continue;
            }

            var typeName = entity["type"] is JsonValue t && t.TryGetValue<string>(out var tn) ? NgsiVocabulary.Term(tn) : null;
            if (typeName is null || NgsiVocabulary.OfName(typeName).Count == 0)
            {
                outcome.Error = NgsiError.BadRequestData($"Each entity has a type, one of {string.Join(", ", NgsiVocabulary.TypeNames)}.");
                continue;
            }

            if (!NgsiVocabulary.TryParseId(id, out var idType, out var jurisdiction, out var code) || idType != typeName)
            {
                outcome.Error = NgsiError.BadRequestData($"An entity id of this server is urn:ngsi-ld:{typeName}:{{jurisdiction}}:{{device code}} (its type, then the device's jurisdiction and code).");
                continue;
            }

            var device = await FindAsync(user, id!, cancellationToken);
            if (device is null && await db.Devices.AnyAsync(d => d.JurisdictionCode == jurisdiction && d.Code == code, cancellationToken)
                && ActorScope.CanAccess(user, jurisdiction))
            {
                outcome.Error = NgsiError.AlreadyExists($"Device {code} of {jurisdiction} exists with another type.");
                continue;
            }

            if (device is not null && mustCreate)
            {
                outcome.Error = NgsiError.AlreadyExists($"The entity {id} exists.");
                continue;
            }

            if (device is null)
            {
                if (!mayCreate || !user.IsInRole(Roles.Administrator))
                {
                    outcome.Error = mayCreate && user.IsInRole(Roles.Operator)
                        ? NgsiError.Forbidden("Only an administrator registers a device (creates an entity).")
                        : NgsiError.NotFound($"There is no entity {id} you may write.");
                    continue;
                }

                (device, outcome.Error) = await CreateAsync(user, entity, typeName, jurisdiction, code, cancellationToken);
                if (device is null)
                {
                    continue;
                }

                outcome.Created = true;
            }
            else if (TelemetryPolicies.CallerOf(user).DeviceId is { } self && self != device.Id)
            {
                outcome.Error = NgsiError.NotFound($"There is no entity {id} you may write.");
                continue;
            }

            await AttributesAsync(user, i, device, entity, outcome, pending, now, skipStatic: outcome.Created, cancellationToken);
        }

        await StoreAsync(user, outcomes, pending, cancellationToken);
        return outcomes;
    }

    /// <summary>The attributes of one entity fragment (PATCH /entities/{id}/attrs).</summary>
    public async Task<EntityOutcome> PatchAsync(ClaimsPrincipal user, Device device, JsonObject fragment, CancellationToken cancellationToken)
    {
        var outcome = new EntityOutcome(IdOf(device));
        var pending = new List<PendingReading>();
        await AttributesAsync(user, 0, device, fragment, outcome, pending, clock.GetUtcNow(), skipStatic: false, cancellationToken);
        await StoreAsync(user, [outcome], pending, cancellationToken);
        return outcome;
    }

    private async Task<(Device? Device, NgsiError? Error)> CreateAsync(
        ClaimsPrincipal user, JsonObject entity, string typeName, string jurisdiction, string code, CancellationToken cancellationToken)
    {
        var candidates = NgsiVocabulary.OfName(typeName);
        var named = entity.Select(p => NgsiVocabulary.Term(p.Key)).ToHashSet(StringComparer.Ordinal);
        var measured = named.Where(n => candidates.Any(c => c.Attribute(n) is not null)).ToList();
        var fits = candidates.Where(c => measured.Count > 0 && measured.All(n => c.Attribute(n) is not null)).ToList();
        var type = candidates.Count == 1 ? candidates[0] : fits.Count == 1 ? fits[0] : null;
        if (type is null)
        {
            return (null, NgsiError.BadRequestData(
                $"A new {typeName} is one of: {string.Join("; ", candidates.Select(c => $"{c.DeviceType.NameEn} ({string.Join(", ", c.Attributes.Select(a => a.Name))})"))}; give the properties of one of them."));
        }

        if (Property(entity, "location") is not JsonObject geometry || !TryPoint(geometry, out var latitude, out var longitude))
        {
            return (null, NgsiError.BadRequestData("A new entity has a location, a GeoProperty whose value is a GeoJSON Point."));
        }

        var name = Property(entity, "name") is JsonValue n && n.TryGetValue<string>(out var ns) ? ns : code;
        var provider = Property(entity, "dataProvider") is JsonValue p && p.TryGetValue<string>(out var ps) ? ps : "NGSI-LD";
        var (created, errors) = await registry.RegisterAsync(user, new RegisterDeviceRequest(code, name, type.DeviceType.Code, latitude, longitude, provider, jurisdiction), cancellationToken);
        if (created is null)
        {
            return (null, NgsiError.BadRequestData(string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value))));
        }

        return (await db.Devices.FirstAsync(d => d.Id == created.Device.Id, cancellationToken), null);
    }

    private async Task AttributesAsync(
        ClaimsPrincipal user, int index, Device device, JsonObject entity, EntityOutcome outcome, List<PendingReading> pending, DateTimeOffset now,
        bool skipStatic, CancellationToken cancellationToken)
    {
        var type = NgsiVocabulary.Of(device.Type);
        UpdateDeviceRequest? change = null;
        foreach (var (key, node) in entity)
        {
            if (key is "id" or "type" or "@context")
            {
                continue;
            }

            var name = NgsiVocabulary.Term(key);
            if (type.Attribute(name) is { } attribute)
            {
                if (ReadingOf(node, attribute, now, out var at, out var value) is { } problem)
                {
                    outcome.NotUpdated.Add((name, problem));
                    continue;
                }

                pending.Add(new PendingReading(index, name, device.Id, attribute.Measurement.Code, at, value));
                continue;
            }

            if (name is "name" or "location" or "dataProvider" or "deviceStatus")
            {
                if (skipStatic)
                {
                    outcome.Updated.Add(name);
                    continue;
                }

                if (!user.IsInRole(Roles.Administrator))
                {
                    outcome.NotUpdated.Add((name, "Only an administrator changes a device's name, location, data provider or status."));
                    continue;
                }

                change ??= new UpdateDeviceRequest(null, null, null, null, null);
                var property = Property(entity, key);
                switch (name)
                {
                    case "name" when property is JsonValue nv && nv.TryGetValue<string>(out var text):
                        change = change with { Name = text };
                        break;
                    case "dataProvider" when property is JsonValue pv && pv.TryGetValue<string>(out var text):
                        change = change with { OwnerAgency = text };
                        break;
                    case "deviceStatus" when property is JsonValue sv && sv.TryGetValue<string>(out var text):
                        change = change with { Status = text };
                        break;
                    case "location" when property is JsonObject g && TryPoint(g, out var lat, out var lon):
                        change = change with { Latitude = lat, Longitude = lon };
                        break;
                    default:
                        outcome.NotUpdated.Add((name, name == "location" ? "The location is a GeoProperty whose value is a GeoJSON Point." : $"{name} is a Property whose value is text."));
                        continue;
                }

                outcome.Updated.Add(name);
                continue;
            }

            outcome.NotUpdated.Add((name, name == "areaServed"
                ? "areaServed is the commune the location lies in; it follows the location."
                : $"{type.Name} has no attribute '{(name.Length > 60 ? name[..60] + "…" : name)}'; its properties are {string.Join(", ", NgsiVocabulary.StaticAttributes.Concat(type.Attributes.Select(a => a.Name)))}."));
        }

        if (change is not null)
        {
            var (_, errors) = await registry.UpdateAsync(user, device.Id, change, cancellationToken);
            if (!errors.IsEmpty)
            {
                var changed = new[] { "name", "location", "dataProvider", "deviceStatus" };
                var reason = string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value));
                foreach (var attribute in outcome.Updated.Where(changed.Contains).ToList())
                {
                    outcome.Updated.Remove(attribute);
                    outcome.NotUpdated.Add((attribute, reason));
                }
            }
        }
    }

    /// <summary>One ingest for every reading of the request; each refusal goes back to its entity and attribute.</summary>
    private async Task StoreAsync(ClaimsPrincipal user, List<EntityOutcome> outcomes, List<PendingReading> pending, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var items = new JsonArray();
        foreach (var r in pending)
        {
            items.Add(new JsonObject { ["device"] = r.Device, ["measurement"] = r.Measurement, ["ts"] = Iso(r.At), ["value"] = r.Value });
        }

        using var document = JsonDocument.Parse(items.ToJsonString());
        var result = await ingest.IngestAsync(TelemetryPolicies.CallerOf(user), document.RootElement, cancellationToken);
        var refused = result.Rejected.ToDictionary(r => r.Index);
        for (var i = 0; i < pending.Count; i++)
        {
            var outcome = outcomes[pending[i].Entity];
            if (refused.TryGetValue(i, out var why))
            {
                outcome.NotUpdated.Add((pending[i].Attribute, why.Reason));
            }
            else if (!outcome.Updated.Contains(pending[i].Attribute))
            {
                outcome.Updated.Add(pending[i].Attribute);
            }
        }
    }

    /// <summary>A measurement property: a Property with a number value and perhaps observedAt (else now), or a bare number (simplified).</summary>
    private static string? ReadingOf(JsonNode? node, NgsiAttribute attribute, DateTimeOffset now, out DateTimeOffset at, out double value)
    {
        at = now;
        value = 0;
        if (node is JsonArray)
        {
            return "Multi-attributes (datasetId) are not supported: one value per property.";
        }

        var raw = node;
        if (node is JsonObject o)
        {
            if (o["type"] is JsonValue tv && tv.TryGetValue<string>(out var kind) && kind != "Property")
            {
                return $"{attribute.Name} is a Property, not a {kind}.";
            }

            raw = o["value"];
            if (o["unitCode"] is JsonValue uv && uv.TryGetValue<string>(out var unit) && unit != attribute.UnitCode)
            {
                return $"{attribute.Name} is in {attribute.UnitCode} ({attribute.Measurement.Unit}), not {unit}.";
            }

            if (o["observedAt"] is { } observed)
            {
                using var document = JsonDocument.Parse(observed.ToJsonString());
                if (!IngestReadingsHandler.TryInstant(document.RootElement, out at))
                {
                    return "observedAt is a date-time with its offset (2026-12-01T08:00:00Z).";
                }
            }
        }

        if (raw is not JsonValue number || !number.TryGetValue<double>(out value))
        {
            return $"The value of {attribute.Name} is a number ({attribute.Measurement.Unit}).";
        }

        return null;
    }

    /// <summary>The value of an attribute in either form: a Property's (GeoProperty's) value, or the bare value.</summary>
    private static JsonNode? Property(JsonObject entity, string name)
    {
        var node = entity.FirstOrDefault(p => NgsiVocabulary.Term(p.Key) == name).Value;
        return node is JsonObject o && o["type"] is JsonValue t && t.TryGetValue<string>(out var kind) && kind is "Property" or "GeoProperty"
            ? o["value"]
            : node;
    }

    private static bool TryPoint(JsonObject geometry, out double latitude, out double longitude)
    {
        latitude = longitude = double.NaN;
        if (geometry["type"] is not JsonValue t || !t.TryGetValue<string>(out var kind) || kind != "Point"
            || geometry["coordinates"] is not JsonArray { Count: 2 or 3 } c
            || c[0] is not JsonValue x || !x.TryGetValue(out longitude) || c[1] is not JsonValue y || !y.TryGetValue(out latitude))
        {
            return false;
        }

        return true;
    }

    private static JsonObject Point(Device device) =>
        new() { ["type"] = "Point", ["coordinates"] = new JsonArray(device.Longitude, device.Latitude) };

    /// <summary>The latest values of these devices (one read).</summary>
    public Task<List<LatestValue>> LatestAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken) => store.LatestAsync(ids, cancellationToken);

    public IQueryable<Device> Devices => db.Devices.AsNoTracking();
}
