using System.Globalization;
using System.Text.RegularExpressions;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Features.ManageCategories;
using Mekong.Modules.Reports.Features.SubmitReport;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform;
using Mekong.Platform.Auth;
using Mekong.Platform.Files;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;

namespace Mekong.Modules.Reports.Features.Open311;

/// <summary>
/// Open311 GeoReport v2 at <c>/open311/v2/</c> (docs/open311.md, docs/adr/0020-open311.md): discovery, services,
/// service definitions, requests (GET and POST), one request, tokens. Every resource answers in XML and JSON (suffix or
/// Accept) and every mistake with the specification's error list and status. Reads are anonymous (policy: none,
/// public data only, rate limit public-read); POST needs an API key (api_key or X-Api-Key) and is rate limited as an
/// anonymous write.
/// </summary>
internal static partial class Open311Endpoints
{
    public const string Specification = "http://wiki.open311.org/GeoReport_v2";

    /// <summary>The day the served interface last changed (discovery's <c>changeset</c>).</summary>
    public const string Changeset = "2026-12-01T00:00:00+07:00";

    public const int DefaultWindowDays = 90;
    public const int MaxRequests = 1000;

    public static IEndpointRouteBuilder MapOpen311(this IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup(Open311Context.Prefix).WithTags("Open311").AllowAnonymous().RequireRateLimiting(RateLimits.PublicRead).DisableAntiforgery();
        v2.MapGet("/discovery", (HttpContext http) => Discovery(http, null)).WithName("Open311Discovery");
        v2.MapGet("/discovery.{format}", Discovery).WithName("Open311DiscoveryFormat");
        v2.MapGet("/services", (HttpContext http, string? jurisdiction_id, ReportsDbContext db, CategoryCatalog catalog, IAdminUnitDirectory directory, CancellationToken ct) => Services(http, null, jurisdiction_id, db, catalog, directory, ct)).WithName("Open311Services");
        v2.MapGet("/services.{format}", Services).WithName("Open311ServicesFormat");
        v2.MapGet("/services/{code}", ServiceDefinition).WithName("Open311ServiceDefinition");
        v2.MapGet("/requests", (HttpContext http, ReportsDbContext db, CategoryCatalog catalog, IAdminUnitDirectory directory, TimeProvider clock, CancellationToken ct) => Requests(http, null, db, catalog, directory, clock, ct)).WithName("Open311Requests");
        v2.MapGet("/requests.{format}", Requests).WithName("Open311RequestsFormat");
        v2.MapPost("/requests", (HttpContext http, ReportsDbContext db, CategoryCatalog catalog, IAdminUnitDirectory directory, SubmitReportHandler handler, CancellationToken ct) => Post(http, null, db, catalog, directory, handler, ct))
            .RequireRateLimiting(RateLimits.AnonymousWrite).WithName("Open311PostRequest");
        v2.MapPost("/requests.{format}", Post).RequireRateLimiting(RateLimits.AnonymousWrite).WithName("Open311PostRequestFormat");
        v2.MapGet("/requests/{id}", Request).WithName("Open311Request");
        v2.MapGet("/requests/{id}/media/{hash}", Media).WithName("Open311RequestMedia");
        v2.MapGet("/tokens/{token}", Token).WithName("Open311Token");
        // Anything else under the prefix is a GeoReport-shaped 404, not the site's problem document.
        // (GET only: a wrong method on a known resource stays the platform's 405.)
        v2.MapGet("/{**rest}", (HttpContext http) => Open311Errors.Of(StatusCodes.Status404NotFound, $"There is no Open311 resource at {Open311Context.Shorten(http.Request.Path.Value ?? string.Empty)}."))
            .ExcludeFromDescription();
        return app;
    }

    private static Open311Document Discovery(HttpContext http, string? format)
    {
        if (Open311Context.UseSuffix(http, format) is { } error)
        {
            return error;
        }

        var request = http.Request;
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}{Open311Context.Prefix}/";
        return new Open311Document("discovery", new O311Object()
            .Add("changeset", Changeset)
            .Add("contact", "Trung tâm Giám sát, điều hành đô thị thông minh (IOC) / Intelligent Operations Centre")
            .Add("key_service", $"{request.Scheme}://{request.Host}{request.PathBase}/admin/api-keys")
            .Add("endpoints", new O311List("endpoint",
            [
                new O311Object()
                    .Add("specification", Specification)
                    .Add("url", url)
                    .Add("changeset", Changeset)
                    .Add("type", "production")
                    .Add("formats", new O311List("format", ["text/xml", "application/json"])),
            ])));
    }

    private static async Task<IResult> Services(HttpContext http, string? format, string? jurisdiction_id, ReportsDbContext db, CategoryCatalog catalog, IAdminUnitDirectory directory, CancellationToken cancellationToken)
    {
        if (Open311Context.UseSuffix(http, format) is { } error)
        {
            return error;
        }

        var (caller, problem) = await Open311Context.ResolveAsync(http, directory, jurisdiction_id, cancellationToken);
        if (caller is null)
        {
            return problem!;
        }

        var categories = await VisibleCategoriesAsync(db, catalog, caller, cancellationToken);
        var items = categories.OrderBy(c => c.Group, StringComparer.Ordinal).ThenBy(c => c.Code, StringComparer.Ordinal)
            .Select(c => (object?)new O311Object()
                .Add("service_code", c.Code)
                .Add("service_name", c.Name(caller.English))
                .Add("description", c.Description(caller.English))
                .Add("metadata", c.Attributes.Count > 0)
                // batch: the answer to a POST is a token (the reporter's own handle); tokens/{token} answers at once (ADR 0020).
                .Add("type", "batch")
                .Add("keywords", string.Join(", ", c.Keywords))
                .Add("group", c.Group))
            .ToList();
        return new Open311Document("services", new O311List("service", items));
    }

    private static async Task<IResult> ServiceDefinition(HttpContext http, string code, string? jurisdiction_id, ReportsDbContext db, CategoryCatalog catalog, IAdminUnitDirectory directory, CancellationToken cancellationToken)
    {
        var (serviceCode, format, badSuffix) = Open311Negotiation.Split(code);
        if (Open311Context.UseSuffix(http, badSuffix ?? format?.ToString()) is { } error)
        {
            return error;
        }

        var (caller, problem) = await Open311Context.ResolveAsync(http, directory, jurisdiction_id, cancellationToken);
        if (caller is null)
        {
            return problem!;
        }

        var category = (await VisibleCategoriesAsync(db, catalog, caller, cancellationToken)).FirstOrDefault(c => string.Equals(c.Code, serviceCode, StringComparison.Ordinal));
        if (category is null)
        {
            return Open311Errors.Of(StatusCodes.Status404NotFound, $"service_code '{Open311Context.Shorten(serviceCode)}' was not found.");
        }

        var attributes = category.Attributes.OrderBy(a => a.Order).Select(a => (object?)new O311Object()
                .Add("variable", a.Variable)
                .Add("code", a.Code)
                .Add("datatype", a.DataType.Open311Name())
                .Add("required", a.Required)
                .Add("datatype_description", caller.English ? a.DatatypeDescriptionEn ?? a.DatatypeDescriptionVi : a.DatatypeDescriptionVi)
                .Add("order", a.Order)
                .Add("description", caller.English && a.DescriptionEn.Length > 0 ? a.DescriptionEn : a.DescriptionVi)
                .Add("values", new O311List("value", a.Values.Select(v => (object?)new O311Object().Add("key", v.Key).Add("name", caller.English ? v.NameEn : v.NameVi)).ToList())))
            .ToList();
        return new Open311Document("service_definition", new O311Object()
            .Add("service_code", category.Code)
            .Add("attributes", new O311List("attribute", attributes)));
    }

    private static async Task<IResult> Requests(HttpContext http, string? format, ReportsDbContext db, CategoryCatalog catalog, IAdminUnitDirectory directory, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Open311Context.UseSuffix(http, format) is { } error)
        {
            return error;
        }

        var query = http.Request.Query;
        var (caller, problem) = await Open311Context.ResolveAsync(http, directory, query["jurisdiction_id"], cancellationToken);
        if (caller is null)
        {
            return problem!;
        }

        var parsed = RequestQuery.Parse(query, clock.GetUtcNow());
        if (parsed.Problems.Count > 0)
        {
            return Open311Errors.Of(StatusCodes.Status400BadRequest, parsed.Problems);
        }

        List<Report> page;
        if (parsed.Ids is null && parsed.Area is { } smallArea
            && await ReportsSpatialIndex.SqlitePageIdsAsync(db, caller.Jurisdiction.Code, !caller.IsStaff, smallArea, parsed.From!.Value, parsed.To!.Value, parsed.Statuses, parsed.ServiceCodes, MaxRequests, cancellationToken) is { } pageIds)
        {
            // SQLite, small box: the page's ids came from one statement led by the R*Tree (ADR 0026); read them in that order.
            var order = pageIds.Select((id, index) => (id, index)).ToDictionary(x => x.id, x => x.index);
            page = pageIds.Count == 0 ? [] : (await db.Reports.AsNoTracking().Where(r => EF.Parameter(pageIds).Contains(r.Id)).ToListAsync(cancellationToken)).OrderBy(r => order[r.Id]).ToList();
        }
        else
        {
            var reports = VisibleReports(db, caller, parsed.Ids is null && parsed.Area is { } area ? ReportsSpatialIndex.Within(db, area) : null);
            if (parsed.Ids is { } ids)
            {
                // The specification: a list of ids overrides every other argument.
                reports = reports.Where(r => EF.Parameter(ids).Contains(r.Id));
            }
            else
            {
                var (from, to) = (parsed.From!.Value, parsed.To!.Value);
                reports = reports.Where(r => r.RequestedAt >= from && r.RequestedAt <= to);
                if (parsed.ServiceCodes is { } codes)
                {
                    // EF.Parameter: one (JSON/array) parameter, so EF keeps the SQL; a list spread into parameters is generated anew each call (ADR 0026).
                    reports = reports.Where(r => EF.Parameter(codes).Contains(r.ServiceCode));
                }

                if (parsed.Statuses is { } statuses)
                {
                    reports = reports.Where(r => EF.Parameter(statuses).Contains(r.Status));
                }
            }

            page = await reports.OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id).Take(MaxRequests).ToListAsync(cancellationToken);
        }

        var names = await CategoryNamesAsync(db, catalog, caller, cancellationToken);
        var extensions = IsTrue(query["extensions"]);
        return new Open311Document("service_requests", new O311List("request", page.Select(r => (object?)Public(r, names, caller, extensions)).ToList()));
    }

    private static async Task<IResult> Request(HttpContext http, string id, string? jurisdiction_id, ReportsDbContext db, CategoryCatalog catalog, IAdminUnitDirectory directory, CancellationToken cancellationToken)
    {
        var (requestId, format, badSuffix) = Open311Negotiation.Split(id);
        if (Open311Context.UseSuffix(http, badSuffix ?? format?.ToString()) is { } error)
        {
            return error;
        }

        var (caller, problem) = await Open311Context.ResolveAsync(http, directory, jurisdiction_id, cancellationToken);
        if (caller is null)
        {
            return problem!;
        }

        var report = ParseId(requestId) is { } number ? await VisibleReports(db, caller).FirstOrDefaultAsync(r => r.Id == number, cancellationToken) : null;
        if (report is null)
        {
            return Open311Errors.Of(StatusCodes.Status404NotFound, $"service_request_id '{Open311Context.Shorten(requestId)}' was not found.");
        }

        var names = await CategoryNamesAsync(db, catalog, caller, cancellationToken);
        return new Open311Document("service_requests", new O311List("request", [Public(report, names, caller, IsTrue(http.Request.Query["extensions"]))]));
    }

    private static async Task<IResult> Token(HttpContext http, string token, string? jurisdiction_id, ReportsDbContext db, IAdminUnitDirectory directory, CancellationToken cancellationToken)
    {
        var (value, format, badSuffix) = Open311Negotiation.Split(token);
        if (Open311Context.UseSuffix(http, badSuffix ?? format?.ToString()) is { } error)
        {
            return error;
        }

        var (caller, problem) = await Open311Context.ResolveAsync(http, directory, jurisdiction_id, cancellationToken);
        if (caller is null)
        {
            return problem!;
        }

        // The token is the reporter's handle: it answers even for a category that is not public (only the id, nothing else).
        var found = await db.Reports.AsNoTracking().Where(r => r.JurisdictionCode == caller.Jurisdiction.Code && r.Token == value)
            .Select(r => new { r.Id, r.Token }).FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return Open311Errors.Of(StatusCodes.Status404NotFound, $"token '{Open311Context.Shorten(value)}' was not found.");
        }

        return new Open311Document("service_requests", new O311List("request",
            [new O311Object().Add("service_request_id", found.Id.ToString(CultureInfo.InvariantCulture)).Add("token", found.Token)]));
    }

    private static async Task<IResult> Media(HttpContext http, string id, string hash, ReportsDbContext db, IAdminUnitDirectory directory, IFileStore files, CancellationToken cancellationToken)
    {
        var (caller, problem) = await Open311Context.ResolveAsync(http, directory, http.Request.Query["jurisdiction_id"], cancellationToken);
        if (caller is null)
        {
            return problem!;
        }

        var report = ParseId(id) is { } number ? await VisibleReports(db, caller).FirstOrDefaultAsync(r => r.Id == number, cancellationToken) : null;
        if (report is null || !report.PhotoHashes.Contains(hash))
        {
            return Open311Errors.Of(StatusCodes.Status404NotFound, "There is no such photo.");
        }

        return await FileResults.ServeAsync(files, new FileOwner("reports", report.Token), hash, cancellationToken);
    }

    private static async Task<IResult> Post(HttpContext http, string? format, ReportsDbContext db, CategoryCatalog catalog, IAdminUnitDirectory directory, SubmitReportHandler handler, CancellationToken cancellationToken)
    {
        if (Open311Context.UseSuffix(http, format) is { } error)
        {
            return error;
        }

        var request = http.Request;
        if (!request.HasFormContentType)
        {
            return Open311Errors.Of(StatusCodes.Status400BadRequest, "POST the request as application/x-www-form-urlencoded (or multipart/form-data with a photo).");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            var status = e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
            return Open311Errors.Of(status, $"The form could not be read: {e.Message}");
        }

        string? Field(string name)
        {
            var value = form[name];
            return StringValues.IsNullOrEmpty(value) ? (string?)request.Query[name] is { Length: > 0 } q ? q : null : value.ToString();
        }

        // api_key: the foundation's API keys, sent as the specification's api_key field or as X-Api-Key (ADR 0020).
        if (http.User.FindFirst(MekongClaims.ApiKeyId) is null)
        {
            var apiKey = Field("api_key");
            if (string.IsNullOrWhiteSpace(apiKey))
            {
                return Open311Errors.Of(StatusCodes.Status400BadRequest, "api_key was not provided: posting a request needs an API key.");
            }

            // The Access module authenticates X-Api-Key; the key given in the form is handed to it the same way.
            request.Headers["X-Api-Key"] = apiKey.Trim();
            var result = await http.AuthenticateAsync();
            if (!result.Succeeded || result.Principal.FindFirst(MekongClaims.ApiKeyId) is null)
            {
                return Open311Errors.Of(StatusCodes.Status403Forbidden, "api_key is not valid (unknown, malformed or revoked).");
            }

            http.User = result.Principal;
        }

        var (caller, problem) = await Open311Context.ResolveAsync(http, directory, Field("jurisdiction_id"), cancellationToken);
        if (caller is null)
        {
            return problem!;
        }

        if (!ActorScope.CanAccess(http.User, caller.Jurisdiction.Code))
        {
            return Open311Errors.Of(StatusCodes.Status403Forbidden, $"This api_key may not post requests in jurisdiction {caller.Jurisdiction.Code}.");
        }

        var problems = new List<string>();
        var serviceCode = Field("service_code")?.Trim();
        if (string.IsNullOrEmpty(serviceCode))
        {
            problems.Add("service_code was not provided.");
        }

        var latitude = Coordinate(Field("lat"), "lat", problems);
        var longitude = Coordinate(Field("long"), "long", problems);
        var attributes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, values) in form)
        {
            if (AttributeKey().Match(key) is { Success: true } match)
            {
                var code = match.Groups[1].Value;
                attributes[code] = [.. attributes.GetValueOrDefault(code) ?? [], .. values.Where(v => v is not null).Select(v => v!)];
            }
            else if (key.StartsWith("attribute", StringComparison.Ordinal))
            {
                problems.Add($"'{Open311Context.Shorten(key)}' is not of the form attribute[code] or attribute[code][].");
            }
        }

        var photos = form.Files.Where(f => f.Name is "media" or "media[]" or "photo" or "photo[]")
            .Select(f => new UploadedPhoto(f.FileName, f.OpenReadStream)).ToList();
        if (problems.Count > 0)
        {
            return Open311Errors.Of(StatusCodes.Status400BadRequest, problems);
        }

        var (report, refusal) = await handler.HandleAsync(new SubmitReportRequest(
            caller.Jurisdiction.Code,
            serviceCode!,
            latitude,
            longitude,
            Field("address_string"),
            Field("address_id"),
            Field("description"),
            attributes,
            Field("media_url"),
            photos,
            new ReporterContact(Trimmed(Field("first_name")), Trimmed(Field("last_name")), Trimmed(Field("phone")), Trimmed(Field("email")), Trimmed(Field("device_id")), Trimmed(Field("account_id"))),
            Open311Context.ActorOf(http.User) ?? "apikey",
            MayUseNonPublicCategories: caller.IsStaff,
            // The reporter's language for the notices they get: the client's locale, else the request's culture.
            Language: Field("locale") ?? (caller.English ? "en" : "vi")), cancellationToken);
        if (refusal is not null)
        {
            return Open311Errors.Of(refusal.Status, refusal.Problems);
        }

        var category = await catalog.FindAsync(db, report!.JurisdictionCode, report.CategoryId, cancellationToken)
            ?? await db.Categories.AsNoTracking().FirstAsync(c => c.Id == report.CategoryId, cancellationToken);
        return new Open311Document("service_requests", new O311List("request",
        [
            new O311Object()
                .Add("token", report!.Token)
                .Add("service_notice", ServiceNotice(category.DeadlineHours, caller.English))
                .Add("account_id", report.Reporter.AccountId),
        ]));
    }

    private static async Task<List<ServiceCategory>> VisibleCategoriesAsync(ReportsDbContext db, CategoryCatalog catalog, Open311Caller caller, CancellationToken cancellationToken) =>
        (await catalog.OfAsync(db, caller.Jurisdiction.Code, cancellationToken)).Where(c => c.IsActive && (caller.IsStaff || c.IsPublic)).ToList();

    private static IQueryable<Report> VisibleReports(ReportsDbContext db, Open311Caller caller, IQueryable<Report>? source = null)
    {
        var reports = (source ?? db.Reports).AsNoTracking().Where(r => r.JurisdictionCode == caller.Jurisdiction.Code);
        return caller.IsStaff ? reports : reports.Where(r => r.IsPublic);
    }

    /// <summary>
    /// The names and deadlines a request list shows, from the category catalog (no query: ADR 0026). Every category of
    /// the jurisdiction, also inactive ones, since old reports keep theirs.
    /// </summary>
    private static async Task<Dictionary<Guid, CategoryLabel>> CategoryNamesAsync(ReportsDbContext db, CategoryCatalog catalog, Open311Caller caller, CancellationToken cancellationToken) =>
        (await catalog.OfAsync(db, caller.Jurisdiction.Code, cancellationToken)).ToDictionary(c => c.Id, c => new CategoryLabel(c.Id, c.NameVi, c.NameEn, c.DeadlineHours));

    private sealed record CategoryLabel(Guid Id, string NameVi, string NameEn, int DeadlineHours)
    {
        public string Name(bool english) => english ? NameEn : NameVi;
    }

    /// <summary>A report as anyone may see it: never the reporter's name, phone, e-mail, device, account or the internal notes.</summary>
    private static O311Object Public(Report r, IReadOnlyDictionary<Guid, CategoryLabel> categories, Open311Caller caller, bool extensions)
    {
        var category = categories.GetValueOrDefault(r.CategoryId);
        var media = r.PhotoHashes.Count > 0 ? caller.Url($"requests/{r.Id}/media/{r.PhotoHashes[0]}") : r.MediaUrl;
        var record = new O311Object()
            .Add("service_request_id", r.Id.ToString(CultureInfo.InvariantCulture))
            .Add("status", r.Status.Open311Status())
            .Add("status_notes", r.StatusNotes ?? r.Status.Name(caller.English))
            .Add("service_name", category?.Name(caller.English) ?? r.ServiceCode)
            .Add("service_code", r.ServiceCode)
            .Add("description", r.Description)
            .Add("agency_responsible", caller.English ? r.AgencyEn : r.AgencyVi)
            .Add("service_notice", category is null ? null : ServiceNotice(category.DeadlineHours, caller.English))
            .Add("requested_datetime", W3cDateTime.Format(r.RequestedAt))
            .Add("updated_datetime", W3cDateTime.Format(r.UpdatedAt))
            .Add("expected_datetime", W3cDateTime.Format(r.ExpectedAt))
            .Add("address", r.Location.AddressString)
            .Add("address_id", r.Location.AddressId)
            .Add("zipcode", null)
            .Add("lat", r.Location.Latitude)
            .Add("long", r.Location.Longitude)
            .Add("media_url", media);
        if (extensions)
        {
            // Non-standard, asked for with extensions=true (as several cities do): the finer state behind open/closed.
            record.Add("extended_attributes", new O311Object()
                .Add("detailed_status", r.Status.Code())
                .Add("detailed_status_name", r.Status.Name(caller.English))
                .Add("commune_code", r.Location.CommuneCode)
                .Add("duplicate_of", r.DuplicateOfId?.ToString(CultureInfo.InvariantCulture))
                .Add("media_urls", new O311List("media_url", r.PhotoHashes.Select(h => (object?)caller.Url($"requests/{r.Id}/media/{h}")).ToList())));
        }

        return record;
    }

    private static string ServiceNotice(int hours, bool english)
    {
        var span = hours % 24 == 0
            ? (english ? $"{hours / 24} day(s)" : $"{hours / 24} ngày")
            : (english ? $"{hours} hour(s)" : $"{hours} giờ");
        return english ? $"Handling deadline: {span} from the report." : $"Thời hạn xử lý: {span} kể từ khi tiếp nhận.";
    }

    private static double? Coordinate(string? text, string field, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (double.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        problems.Add($"{field} is a number of WGS 84 degrees ('{Open311Context.Shorten(text)}' is not).");
        return null;
    }

    private static long? ParseId(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    private static bool IsTrue(StringValues value) => string.Equals(value.ToString(), "true", StringComparison.OrdinalIgnoreCase);

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex(@"^attribute\[([^\[\]]{1,50})\](\[\])?$", RegexOptions.CultureInvariant)]
    private static partial Regex AttributeKey();
}
