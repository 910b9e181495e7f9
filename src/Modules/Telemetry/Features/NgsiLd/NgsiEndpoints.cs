using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mekong.Modules.Telemetry.Features.Ingest;
using Mekong.Platform.Auth;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Telemetry.Features.NgsiLd;

/// <summary>
/// The NGSI-LD context information API (ETSI GS CIM 009, 5.6–5.7, 6.4–6.5) over devices and readings (ADR 0041):
/// query and retrieve entities, create, upsert in a batch, update attributes (a reading each), and the context document.
/// </summary>
internal static class NgsiEndpoints
{
    public static IResult Context() =>
        Results.Text(NgsiVocabulary.ContextDocument(), NgsiHttp.JsonLd, System.Text.Encoding.UTF8);

    /// <summary><c>GET /ngsi-ld/v1/entities</c>: by id, idPattern, type, attrs, q and geo-query, in pages (limit, offset, count).</summary>
    public static async Task<IResult> Query(HttpContext http, ClaimsPrincipal user, NgsiEntities entities, CancellationToken cancellationToken)
    {
        if (NgsiHttp.Negotiate(http.Request) is not { } media)
        {
            return NgsiHttp.NotAcceptableError().ToResult();
        }

        var query = http.Request.Query;
        string? One(string name) => query.TryGetValue(name, out var v) ? v.ToString() : null;
        var ids = List(One("id"));
        var types = List(One("type"));
        var attrs = List(One("attrs"))?.Select(NgsiVocabulary.Term).ToHashSet(StringComparer.Ordinal);
        var idPattern = One("idPattern");
        var q = One("q");
        var (geo, geoError) = GeoQuery.Parse(One("georel"), One("geometry"), One("coordinates"), One("geoproperty"));
        if (geoError is not null)
        {
            return NgsiError.BadRequestData(geoError).ToResult();
        }

        if (ids is null && types is null && attrs is null && idPattern is null && q is null && geo is null)
        {
            return NgsiError.BadRequestData("A query names at least one of id, idPattern, type, attrs, q or a geo-query.").ToResult();
        }

        if (!TryInt(One("limit"), 20, out var limit) || limit is < 0 or > NgsiEntities.MaxLimit)
        {
            return NgsiError.BadRequestData($"limit is from 0 to {NgsiEntities.MaxLimit}.").ToResult();
        }

        if (!TryInt(One("offset"), 0, out var offset) || offset < 0)
        {
            return NgsiError.BadRequestData("offset is 0 or more.").ToResult();
        }

        QueryNode? filter = null;
        if (q is not null)
        {
            try
            {
                filter = QueryNode.Parse(q);
            }
            catch (QueryException e)
            {
                return NgsiError.BadRequestData(e.Message).ToResult();
            }
        }

        Regex? pattern = null;
        if (idPattern is { Length: > 200 })
        {
            return NgsiError.BadRequestData("idPattern has at most 200 characters.").ToResult();
        }

        if (idPattern is not null)
        {
            try
            {
                // Linear in the id length whatever the pattern (no backtracking), so a hostile pattern cannot stall the server.
                pattern = new Regex(idPattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromSeconds(1));
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                return NgsiError.BadRequestData("idPattern is not a regular expression this server evaluates (no backreferences or lookarounds).").ToResult();
            }
        }

        var deviceTypes = types?.SelectMany(NgsiVocabulary.OfName).Select(t => t.DeviceType.Code).Distinct().ToList();
        var devices = entities.Devices;
        if (!ActorScope.IsInstallationAdministrator(user))
        {
            var own = ActorScope.JurisdictionOf(user) ?? "\0none";
            devices = devices.Where(d => d.JurisdictionCode == own);
        }

        if (deviceTypes is not null)
        {
            devices = devices.Where(d => deviceTypes.Contains(d.TypeCode));
        }

        if (ids is not null)
        {
            var codes = ids.Select(i => NgsiVocabulary.TryParseId(i, out _, out _, out var c) ? c : null).OfType<string>().Distinct().ToList();
            devices = devices.Where(d => codes.Contains(d.Code));
        }

        var candidates = (await devices.OrderBy(d => d.Id).ToListAsync(cancellationToken))
            .Where(d => ids is null || ids.Contains(NgsiEntities.IdOf(d)))
            .Where(d => geo is null || geo.Matches(d.Latitude, d.Longitude))
            .ToList();
        if (pattern is not null)
        {
            try
            {
                candidates = candidates.Where(d => pattern.IsMatch(NgsiEntities.IdOf(d))).ToList();
            }
            catch (RegexMatchTimeoutException)
            {
                return NgsiError.BadRequestData("idPattern takes too long to match; make it simpler.").ToResult();
            }
        }

        // q and attrs read the latest values: one read for every candidate (a jurisdiction's few thousand devices).
        var needsValues = filter is not null || attrs is not null;
        var values = needsValues ? await entities.LatestAsync(candidates.Select(d => d.Id).ToList(), cancellationToken) : [];
        if (needsValues)
        {
            var byDevice = values.ToLookup(v => v.DeviceId);
            candidates = candidates.Where(d =>
            {
                var own = byDevice[d.Id].ToList();
                var read = NgsiEntities.ValuesOf(d, own);
                return (filter is null || filter.Matches(read)) && (attrs is null || attrs.Any(a => read(a) is not null || a is "location"));
            }).ToList();
        }

        var page = candidates.Skip(offset).Take(limit).ToList();
        if (!needsValues)
        {
            values = await entities.LatestAsync(page.Select(d => d.Id).ToList(), cancellationToken);
        }

        var keyValues = NgsiHttp.WantsKeyValues(One("options"), One("format"));
        var body = new JsonArray();
        foreach (var device in page)
        {
            body.Add(NgsiEntities.Render(device, values, keyValues, attrs));
        }

        if (string.Equals(One("count"), "true", StringComparison.Ordinal))
        {
            http.Response.Headers["NGSILD-Results-Count"] = candidates.Count.ToString(CultureInfo.InvariantCulture);
        }

        return NgsiHttp.Answer(http, media, body);
    }

    /// <summary><c>GET /ngsi-ld/v1/entities/{id}</c>.</summary>
    public static async Task<IResult> Retrieve(string id, HttpContext http, ClaimsPrincipal user, NgsiEntities entities, CancellationToken cancellationToken)
    {
        if (NgsiHttp.Negotiate(http.Request) is not { } media)
        {
            return NgsiHttp.NotAcceptableError().ToResult();
        }

        if (!NgsiVocabulary.IsUri(id))
        {
            return NgsiError.BadRequestData("An entity id is a URI.").ToResult();
        }

        if (await entities.FindAsync(user, id, cancellationToken) is not { } device)
        {
            return NgsiError.NotFound($"There is no entity {Short(id)}.").ToResult();
        }

        var query = http.Request.Query;
        var attrs = List(query["attrs"].ToString())?.Select(NgsiVocabulary.Term).ToHashSet(StringComparer.Ordinal);
        var latest = await entities.LatestAsync([device.Id], cancellationToken);
        var body = NgsiEntities.Render(device, latest, NgsiHttp.WantsKeyValues(query["options"], query["format"]), attrs);
        return NgsiHttp.Answer(http, media, body);
    }

    /// <summary><c>POST /ngsi-ld/v1/entities</c>: registers a device (administrators); its measurement properties are its first readings.</summary>
    public static async Task<IResult> Create(HttpContext http, ClaimsPrincipal user, NgsiEntities entities, CancellationToken cancellationToken)
    {
        var (body, error) = await NgsiHttp.ReadAsync(http.Request, cancellationToken);
        if (error is not null)
        {
            return error.ToResult();
        }

        if (body is not JsonObject entity)
        {
            return NgsiError.BadRequestData("The body is one entity, a JSON object.").ToResult();
        }

        var outcome = (await entities.WriteAsync(user, [entity], mayCreate: true, mustCreate: true, cancellationToken))[0];
        if (outcome.Error is not null)
        {
            return outcome.Error.ToResult();
        }

        if (outcome.NotUpdated.Count > 0)
        {
            // The device is registered; the refused properties are said, as a 207 would, while the entity exists (201).
            http.Response.Headers.Location = "/ngsi-ld/v1/entities/" + Uri.EscapeDataString(outcome.Id);
            return Results.Text(UpdateResult(outcome).ToJsonString(), NgsiHttp.Json, System.Text.Encoding.UTF8, StatusCodes.Status201Created);
        }

        http.Response.Headers.Location = "/ngsi-ld/v1/entities/" + Uri.EscapeDataString(outcome.Id);
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    /// <summary>
    /// <c>POST /ngsi-ld/v1/entityOperations/upsert</c>: entities created when missing (administrators), their
    /// measurements stored as readings in one ingest. 201 with the new ids, 204 when all existed, 207 with each error.
    /// </summary>
    public static async Task<IResult> Upsert(HttpContext http, ClaimsPrincipal user, NgsiEntities entities, CancellationToken cancellationToken)
    {
        var (body, error) = await NgsiHttp.ReadAsync(http.Request, cancellationToken);
        if (error is not null)
        {
            return error.ToResult();
        }

        var options = http.Request.Query["options"].ToString();
        if (options.Length > 0 && options is not ("update" or "replace"))
        {
            return NgsiError.BadRequestData("options is update or replace.").ToResult();
        }

        if (body is not JsonArray array || array.Count is 0 or > NgsiEntities.MaxBatch || array.Any(e => e is not JsonObject))
        {
            return NgsiError.BadRequestData($"The body is an array of 1 to {NgsiEntities.MaxBatch} entities.").ToResult();
        }

        var outcomes = await entities.WriteAsync(user, array.Cast<JsonObject>().ToList(), mayCreate: true, mustCreate: false, cancellationToken);
        if (outcomes.All(o => o.Error is null && o.NotUpdated.Count == 0))
        {
            var created = outcomes.Where(o => o.Created).Select(o => (JsonNode)o.Id).ToArray();
            return created.Length == 0
                ? Results.NoContent()
                : Results.Text(new JsonArray(created).ToJsonString(), NgsiHttp.Json, System.Text.Encoding.UTF8, StatusCodes.Status201Created);
        }

        var result = new JsonObject
        {
            ["success"] = new JsonArray(outcomes.Where(o => o.Error is null && o.NotUpdated.Count == 0).Select(o => (JsonNode)o.Id).ToArray()),
            ["errors"] = new JsonArray(outcomes.Where(o => o.Error is not null || o.NotUpdated.Count > 0).Select(o => (JsonNode)new JsonObject
            {
                ["entityId"] = o.Id,
                ["error"] = (o.Error ?? NgsiError.BadRequestData(string.Join(" ", o.NotUpdated.Select(n => $"{n.Attribute}: {n.Reason}")))).ToJson(),
            }).ToArray()),
        };
        return Results.Text(result.ToJsonString(), NgsiHttp.Json, System.Text.Encoding.UTF8, StatusCodes.Status207MultiStatus);
    }

    /// <summary><c>PATCH /ngsi-ld/v1/entities/{id}/attrs</c>: each measurement property a reading; 204, or 207 with what was not updated.</summary>
    public static async Task<IResult> Patch(string id, HttpContext http, ClaimsPrincipal user, NgsiEntities entities, CancellationToken cancellationToken)
    {
        if (!NgsiVocabulary.IsUri(id))
        {
            return NgsiError.BadRequestData("An entity id is a URI.").ToResult();
        }

        var (body, error) = await NgsiHttp.ReadAsync(http.Request, cancellationToken);
        if (error is not null)
        {
            return error.ToResult();
        }

        if (body is not JsonObject fragment || !fragment.Any(p => p.Key is not ("@context" or "id" or "type")))
        {
            return NgsiError.BadRequestData("The body is an object of the attributes to update.").ToResult();
        }

        var device = await entities.FindAsync(user, id, cancellationToken);
        if (device is null || TelemetryPolicies.CallerOf(user).DeviceId is { } self && self != device.Id)
        {
            return NgsiError.NotFound($"There is no entity {Short(id)} you may write.").ToResult();
        }

        var outcome = await entities.PatchAsync(user, device, fragment, cancellationToken);
        return outcome.NotUpdated.Count == 0
            ? Results.NoContent()
            : Results.Text(UpdateResult(outcome).ToJsonString(), NgsiHttp.Json, System.Text.Encoding.UTF8, StatusCodes.Status207MultiStatus);
    }

    private static JsonObject UpdateResult(EntityOutcome outcome) => new()
    {
        ["updated"] = new JsonArray(outcome.Updated.Select(u => (JsonNode)u).ToArray()),
        ["notUpdated"] = new JsonArray(outcome.NotUpdated.Select(n => (JsonNode)new JsonObject { ["attributeName"] = n.Attribute, ["reason"] = n.Reason }).ToArray()),
    };

    public static List<string>? List(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    public static bool TryInt(string? text, int fallback, out int value)
    {
        value = fallback;
        return text is null || int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static string Short(string text) => text.Length > 120 ? text[..120] + "…" : text;
}
