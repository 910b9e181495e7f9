using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Features.SubmitReport;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform;
using Mekong.Platform.Errors;
using Mekong.Platform.Http;
using Mekong.Platform.Spatial;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace Mekong.Modules.Reports.Features.Portal;

/// <summary>
/// The residents' portal API under <c>/api/v1/portal</c> (anonymous, public data only): send a report (the form of
/// <c>/reports/new</c>, with photos and an idempotency key), reports nearby, "this is my problem too", the public map as
/// GeoJSON, and the reporter's reopen and rating with the private token. Writes carry an antiforgery token and are rate
/// limited as anonymous writes; a plain form post (no script) is answered with a redirect to a page, a script's
/// request (Accept: application/json) with JSON or a problem.
/// </summary>
internal static partial class PortalEndpoints
{
    public const string SupporterCookie = ".Mekong.Supporter";

    public static IEndpointRouteBuilder MapResidentPortal(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/portal").WithTags("Portal").AllowAnonymous();
        api.MapGet("/form-token", FormToken).RequireRateLimiting(RateLimits.PublicRead).WithName("PortalFormToken");
        api.MapGet("/reports/nearby", Nearby).RequireRateLimiting(RateLimits.PublicRead).WithName("PortalNearbyReports");
        api.MapGet("/reports.geojson", Map).RequireRateLimiting(RateLimits.PublicRead).WithName("PortalReportsGeoJson");
        var writes = api.MapGroup(string.Empty).RequireRateLimiting(RateLimits.AnonymousWrite).DisableAntiforgery().AddEndpointFilter(FormAntiforgery.Check);
        writes.MapPost("/reports", Submit).WithName("PortalSubmitReport");
        writes.MapPost("/reports/{id:long}/supporters", Support).WithName("PortalSupportReport");
        writes.MapPost("/reports/{id:long}/reopen", Reopen).WithName("PortalReopenReport");
        writes.MapPost("/reports/{id:long}/rating", Rate).WithName("PortalRateReport");
        return app;
    }

    internal sealed record FormTokenResponse(string Token, string Field);

    internal sealed record SubmitResponse(string Id, string Token, string Url);

    internal sealed record SupportResponse(string Id, int Supporters, bool AlreadySupported);

    internal sealed record NearbyItem(
        string Id,
        [property: JsonPropertyName("service_code")] string ServiceCode,
        [property: JsonPropertyName("service_name")] string ServiceName,
        string Status,
        [property: JsonPropertyName("status_name")] string StatusName,
        string? Description,
        [property: JsonPropertyName("photo_url")] string? PhotoUrl,
        [property: JsonPropertyName("distance_m")] double? DistanceMetres,
        int Supporters,
        [property: JsonPropertyName("requested_at")] DateTimeOffset RequestedAt,
        string Url);

    internal sealed record NearbyResponse([property: JsonPropertyName("radius_m")] int RadiusMetres, IReadOnlyList<NearbyItem> Items);

    /// <summary>A fresh antiforgery token for a page's script (a draft kept offline may outlive the one in its form).</summary>
    private static Ok<FormTokenResponse> FormToken(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new FormTokenResponse(tokens.RequestToken!, tokens.FormFieldName));
    }

    private static async Task<Results<Ok<NearbyResponse>, ValidationProblem>> Nearby(
        string? category, string? lat, string? lon, HttpContext http, IAdminUnitDirectory directory, PortalQueries queries,
        Microsoft.Extensions.Options.IOptions<ResidentPortalOptions> options, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(category))
        {
            errors["category"] = ["category is the service code of the report's category."];
        }

        var latitude = Degrees(lat, "lat", errors);
        var longitude = Degrees(lon, "lon", errors);
        if (errors.Count == 0 && !Geo.IsValidLatLon(latitude!.Value, longitude!.Value))
        {
            errors["lat"] = ["lat is between -90 and 90 and lon between -180 and 180 (WGS 84 degrees)."];
        }

        var jurisdiction = await PortalJurisdiction.CodeAsync(directory, cancellationToken);
        if (errors.Count > 0 || jurisdiction is null)
        {
            if (jurisdiction is null)
            {
                errors["jurisdiction"] = ["This installation serves no jurisdiction yet."];
            }

            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }

        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var items = await queries.NearbyAsync(jurisdiction, category!.Trim(), latitude!.Value, longitude!.Value, english, cancellationToken);
        http.Response.Headers.CacheControl = "public, max-age=10";
        return TypedResults.Ok(new NearbyResponse(options.Value.NearbyRadiusMetres, items.Select(i => new NearbyItem(
            i.Id.ToString(CultureInfo.InvariantCulture), i.ServiceCode, i.ServiceName, i.Status, i.StatusName, i.Description, i.PhotoUrl,
            i.DistanceMetres, i.Supporters, i.RequestedAt, $"/reports/{i.Id.ToString(CultureInfo.InvariantCulture)}")).ToList()));
    }

    /// <summary>Public reports as GeoJSON points for the portal map: the view's bbox, category, status (open/closed), commune.</summary>
    private static async Task<Results<ContentHttpResult, ValidationProblem>> Map(
        string? bbox, string? category, string? status, string? commune, IAdminUnitDirectory directory, PortalQueries queries, CancellationToken cancellationToken)
    {
        BoundingBox? box = null;
        if (!string.IsNullOrEmpty(bbox))
        {
            if (!BoundingBox.TryParse(bbox, out var parsed))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["bbox"] = ["bbox is minLon,minLat,maxLon,maxLat in WGS 84 degrees."] }, type: ProblemTypes.Validation);
            }

            box = parsed;
        }

        if (status is not (null or "" or "open" or "closed" or "all"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["status is open, closed or all."] }, type: ProblemTypes.Validation);
        }

        var jurisdiction = await PortalJurisdiction.CodeAsync(directory, cancellationToken);
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var (items, truncated) = jurisdiction is null ? ([], false) : await queries.MapAsync(jurisdiction, box, ReportFilter.From(category, status, commune), english, cancellationToken);
        var collection = new
        {
            type = "FeatureCollection",
            truncated,
            features = items.Select(i => new
            {
                type = "Feature",
                id = i.Id.ToString(CultureInfo.InvariantCulture),
                geometry = new { type = "Point", coordinates = new[] { i.Longitude!.Value, i.Latitude!.Value } },
                properties = new
                {
                    id = i.Id.ToString(CultureInfo.InvariantCulture),
                    service_code = i.ServiceCode,
                    service_name = i.ServiceName,
                    status = i.Status,
                    status_name = i.StatusName,
                    open = i.IsOpen,
                    supporters = i.Supporters,
                    requested_at = i.RequestedAt,
                    url = $"/reports/{i.Id.ToString(CultureInfo.InvariantCulture)}",
                },
            }),
        };
        return TypedResults.Content(System.Text.Json.JsonSerializer.Serialize(collection), "application/geo+json; charset=utf-8");
    }

    private static async Task<IResult> Submit(HttpContext http, IAdminUnitDirectory directory, SubmitReportHandler handler, CancellationToken cancellationToken)
    {
        var form = await ReadFormAsync(http, cancellationToken);
        if (form is null)
        {
            return Problem(http, StatusCodes.Status400BadRequest, ["Send the report as multipart/form-data (the form of /reports/new)."], null);
        }

        string? Field(string name) => StringValues.IsNullOrEmpty(form[name]) ? null : form[name].ToString().Trim() is { Length: > 0 } v ? v : null;
        var serviceCode = Field("service_code");
        var back = $"/reports/new?category={Uri.EscapeDataString(serviceCode ?? string.Empty)}";
        var jurisdiction = await PortalJurisdiction.CodeAsync(directory, cancellationToken);
        var problems = new List<string>();
        if (jurisdiction is null)
        {
            problems.Add("This installation serves no jurisdiction yet.");
        }

        if (serviceCode is null)
        {
            problems.Add("service_code: choose a category.");
        }

        var latitude = Coordinate(Field("lat"), "lat", problems);
        var longitude = Coordinate(Field("long"), "long", problems);
        var attributes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, values) in form)
        {
            if (AttributeKey().Match(key) is { Success: true } match)
            {
                var given = values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList();
                if (given.Count > 0)
                {
                    attributes[match.Groups[1].Value] = [.. attributes.GetValueOrDefault(match.Groups[1].Value) ?? [], .. given];
                }
            }
        }

        // A datetime-local input gives the resident's wall-clock time without a zone: it is Vietnam's.
        foreach (var code in form["local_datetime"].Where(c => c is not null))
        {
            if (attributes.GetValueOrDefault(code!) is [var local] && LocalDateTime().IsMatch(local))
            {
                attributes[code!] = [local + (local.Length == 16 ? ":00" : string.Empty) + "+07:00"];
            }
        }

        // Empty file inputs arrive as parts without content: they are no photo.
        var photos = form.Files.Where(f => f.Name is "photos" or "photos[]" && f.Length > 0).Select(f => new UploadedPhoto(f.FileName, f.OpenReadStream)).ToList();
        if (problems.Count > 0)
        {
            return Problem(http, StatusCodes.Status400BadRequest, problems, back);
        }

        var user = UserId(http.User);
        var (report, refusal) = await handler.HandleAsync(new SubmitReportRequest(
            jurisdiction!,
            serviceCode!,
            latitude,
            longitude,
            Field("address_string"),
            null,
            Field("description"),
            attributes,
            null,
            photos,
            new ReporterContact(Field("name"), null, Field("phone"), Field("email"), null, null, NamedPublicly: Field("anonymous") is null && Field("name") is not null),
            user ?? "portal",
            MayUseNonPublicCategories: true)
        { IdempotencyKey = Field("idempotency_key") }, cancellationToken);
        if (refusal is not null)
        {
            return Problem(http, refusal.Status, refusal.Problems, back);
        }

        var id = report!.Id.ToString(CultureInfo.InvariantCulture);
        var url = $"/reports/{id}?t={Uri.EscapeDataString(report.Token)}";
        if (!WantsJson(http))
        {
            return TypedResults.Redirect(url + "&sent=1");
        }

        return TypedResults.Created(url, new SubmitResponse(id, report.Token, url));
    }

    private static async Task<IResult> Support(long id, HttpContext http, IAdminUnitDirectory directory, SupportReportHandler handler, CancellationToken cancellationToken)
    {
        var form = await ReadFormAsync(http, cancellationToken);
        var email = form is null ? null : form["email"].ToString();
        var jurisdiction = await PortalJurisdiction.CodeAsync(directory, cancellationToken) ?? string.Empty;
        var client = http.Request.Cookies[SupporterCookie];
        if (client is null || client.Length is < 16 or > ReportSupporter.ClientIdMaxLength)
        {
            client = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            http.Response.Cookies.Append(SupporterCookie, client, new CookieOptions
            {
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = http.Request.IsHttps,
                Expires = DateTimeOffset.UtcNow.AddYears(1),
            });
        }

        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "vi";
        try
        {
            var result = await handler.HandleAsync(new SupportRequest(id, jurisdiction, string.IsNullOrWhiteSpace(email) ? null : email, UserId(http.User), client, language), cancellationToken);
            if (!WantsJson(http))
            {
                return TypedResults.Redirect($"/reports/{id.ToString(CultureInfo.InvariantCulture)}?supported=1");
            }

            return TypedResults.Ok(new SupportResponse(id.ToString(CultureInfo.InvariantCulture), result.Supporters, result.AlreadySupported));
        }
        catch (DomainException e) when (!WantsJson(http))
        {
            return TypedResults.Redirect($"/reports/{id.ToString(CultureInfo.InvariantCulture)}?failed={Uri.EscapeDataString(e.Message)}");
        }
    }

    private static async Task<IResult> Reopen(long id, HttpContext http, ReporterActionsHandler handler, CancellationToken cancellationToken)
    {
        var form = await ReadFormAsync(http, cancellationToken);
        var token = form?["t"].ToString();
        return await ReporterActionAsync(http, id, token, "reopened", () => handler.ReopenAsync(id, token, form?["reason"].ToString(), cancellationToken));
    }

    private static async Task<IResult> Rate(long id, HttpContext http, ReporterActionsHandler handler, CancellationToken cancellationToken)
    {
        var form = await ReadFormAsync(http, cancellationToken);
        var token = form?["t"].ToString();
        if (!int.TryParse(form?["rating"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var rating))
        {
            return Problem(http, StatusCodes.Status400BadRequest, ["rating is a whole number from 1 to 5."], ReportUrl(id, token) + "&failed=rating");
        }

        return await ReporterActionAsync(http, id, token, "rated", () => handler.RateAsync(id, token, rating, form?["comment"].ToString(), cancellationToken));
    }

    private static async Task<IResult> ReporterActionAsync(HttpContext http, long id, string? token, string done, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (DomainException e) when (!WantsJson(http))
        {
            // The page explains in the reader's language; the rule's own words go along for the record.
            return TypedResults.Redirect(ReportUrl(id, token) + "&failed=" + Uri.EscapeDataString(e.Message));
        }

        return WantsJson(http) ? TypedResults.Ok(new { id = id.ToString(CultureInfo.InvariantCulture), result = done }) : TypedResults.Redirect(ReportUrl(id, token) + "&done=" + done);
    }

    private static string ReportUrl(long id, string? token) => $"/reports/{id.ToString(CultureInfo.InvariantCulture)}?t={Uri.EscapeDataString(token ?? string.Empty)}";

    /// <summary>The signed-in user's id (none for an API key), as SubmittedBy and supporters keep it.</summary>
    public static string? UserId(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.FindFirst(Mekong.Platform.Auth.MekongClaims.ApiKeyId) is null ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    private static bool WantsJson(HttpContext http) =>
        http.Request.Headers.Accept.Any(a => a is not null && a.Contains("application/json", StringComparison.OrdinalIgnoreCase));

    private static IResult Problem(HttpContext http, int status, IReadOnlyList<string> problems, string? back)
    {
        if (!WantsJson(http) && back is not null)
        {
            return TypedResults.Redirect(back + "&problem=" + Uri.EscapeDataString(string.Join(" ", problems)));
        }

        return TypedResults.Problem(
            type: ProblemDetailsSetup.TypeFor(status),
            title: status == StatusCodes.Status400BadRequest ? "Invalid report" : null,
            detail: string.Join(" ", problems),
            statusCode: status,
            extensions: new Dictionary<string, object?> { ["problems"] = problems });
    }

    private static async Task<IFormCollection?> ReadFormAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return await http.Request.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new BadHttpRequestException($"The form could not be read: {e.Message}");
        }
    }

    private static double? Coordinate(string? value, string name, List<string> problems)
    {
        if (value is null)
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return number;
        }

        problems.Add($"{name} is a number of degrees (WGS 84), such as 9.6.");
        return null;
    }

    private static double? Degrees(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (!string.IsNullOrWhiteSpace(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return number;
        }

        errors[name] = [$"{name} is a number of degrees (WGS 84)."];
        return null;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$")]
    private static partial Regex LocalDateTime();

    [GeneratedRegex(@"^attribute\[([^\[\]]{1,50})\](\[\])?$")]
    private static partial Regex AttributeKey();
}

/// <summary>The jurisdiction the portal serves: the installation's first (one installation usually serves one province).</summary>
internal static class PortalJurisdiction
{
    public static async Task<string?> CodeAsync(IAdminUnitDirectory directory, CancellationToken cancellationToken) =>
        await directory.ListJurisdictionsAsync(cancellationToken) is [var first, ..] ? first.Code : null;
}
