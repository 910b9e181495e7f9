using System.Globalization;
using System.Security.Claims;
using System.Text;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.PublicServices.Domain;
using Mekong.Platform;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Mekong.Modules.PublicServices.Features.Catalogue;

internal sealed record ProcedureSummary(
    string Code, string Name, string NameVi, string NameEn, string Field, string Level, string Agency,
    int ProcessingDays, long FeeVnd, bool FullyOnline, string Url);

/// <summary>
/// <c>GET /api/v1/procedures</c> (anonymous, public data: the procedure catalogue is published by law) and one
/// procedure; the administrators' upsert, import (CSV or JSON, with a dry run) and export under <c>/api/v1/admin/procedures</c>.
/// </summary>
internal static class CatalogueEndpoints
{
    public static IEndpointRouteBuilder MapCatalogue(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/v1/procedures").WithTags("Public services: procedures").AllowAnonymous().RequireRateLimiting(RateLimits.PublicRead);
        open.MapGet(string.Empty, List).WithName("ListProcedures");
        open.MapGet("/{code}", Get).WithName("GetProcedure");

        var admin = app.MapGroup("/api/v1/admin/procedures").WithTags("Public services: procedures").RequireAuthorization(Policies.Administrator);
        admin.MapPut("/{code}", Upsert).WithName("UpsertProcedure");
        admin.MapPost("/import", Import).WithName("ImportProcedures").DisableAntiforgery();
        admin.MapGet("/export", Export).WithName("ExportProcedures");
        return app;
    }

    private static async Task<Results<Ok<PagedList<ProcedureSummary>>, ValidationProblem>> List(
        string? q, string? field, string? level, string? agency, string? jurisdiction, int? limit, string? cursor,
        HttpRequest request, IAdminUnitDirectory directory, ProcedureCatalogue catalogue, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        ProcedureLevel? parsedLevel = level?.Trim().ToLowerInvariant() switch
        {
            null or "" => null,
            "province" => ProcedureLevel.Province,
            "commune" => ProcedureLevel.Commune,
            _ => Error(errors, "level", "level is province or commune."),
        };
        var take = limit ?? KeysetCursor.DefaultLimit;
        if (take is < 1 or > KeysetCursor.MaxLimit)
        {
            errors["limit"] = [$"limit is from 1 to {KeysetCursor.MaxLimit}."];
        }

        if (!KeysetCursor.TryDecode(cursor, out var after))
        {
            errors["cursor"] = ["cursor is the opaque value of a previous page's next link."];
        }

        if (q?.Length > 200)
        {
            errors["q"] = ["q is at most 200 characters."];
        }

        var code = await JurisdictionAsync(jurisdiction, directory, cancellationToken);
        if (code is null)
        {
            errors["jurisdiction"] = ["No such jurisdiction."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }

        var all = await catalogue.SearchAsync(code!, q, field, parsedLevel, agency, activeOnly: true, cancellationToken);
        var page = all.Where(p => after is null || string.CompareOrdinal(p.Code, after) > 0).OrderBy(p => p.Code, StringComparer.Ordinal).Take(take + 1).ToList();
        var next = page.Count > take ? KeysetCursor.NextUrl(request, page[take - 1].Code) : null;
        return TypedResults.Ok(new PagedList<ProcedureSummary>(page.Take(take).Select(Summary).ToList(), all.Count, next));
    }

    private static async Task<Results<JsonHttpResult<ProcedureDto>, ProblemHttpResult>> Get(string code, string? jurisdiction, IAdminUnitDirectory directory, ProcedureCatalogue catalogue, CancellationToken cancellationToken)
    {
        var j = await JurisdictionAsync(jurisdiction, directory, cancellationToken);
        var procedure = j is null ? null : await catalogue.FindAsync(j, code, cancellationToken);
        return procedure is { Active: true }
            ? TypedResults.Json(ProcedureDto.From(procedure), ProcedureCatalogue.Json)
            : NotFound($"No procedure {code}.");
    }

    /// <summary>The body is one procedure in the import's JSON form (levels and field types as text: <c>"province"</c>, <c>"identityNumber"</c>).</summary>
    private static async Task<Results<JsonHttpResult<ProcedureDto>, ValidationProblem, ForbidHttpResult>> Upsert(
        string code, HttpRequest request, string? jurisdiction, ClaimsPrincipal actor, ProcedureCatalogue catalogue, CancellationToken cancellationToken)
    {
        if (AdminJurisdiction(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        ProcedureDto? body;
        try
        {
            body = await System.Text.Json.JsonSerializer.DeserializeAsync<ProcedureDto>(request.Body, ProcedureCatalogue.Json, cancellationToken);
        }
        catch (System.Text.Json.JsonException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Not a procedure: " + e.Message] }, type: ProblemTypes.Validation);
        }

        if (body is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Send a procedure as JSON."] }, type: ProblemTypes.Validation);
        }

        var definition = body.ToDefinition();
        if (!string.Equals(definition.Code, code.Trim().ToUpperInvariant(), StringComparison.Ordinal))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = ["The body's code is the code in the path."] }, type: ProblemTypes.Validation);
        }

        var (procedure, created, errors) = await catalogue.UpsertAsync(j, definition, cancellationToken);
        if (procedure is null)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }

        var dto = ProcedureDto.From(procedure);
        request.HttpContext.Response.StatusCode = created ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        return TypedResults.Json(dto, ProcedureCatalogue.Json, statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary>The body is the file: <c>text/csv</c> or <c>application/json</c>. <c>?dryRun=true</c> checks and counts only.</summary>
    private static async Task<Results<Ok<ImportSummary>, ValidationProblem, ProblemHttpResult, ForbidHttpResult>> Import(
        HttpRequest request, bool? dryRun, string? jurisdiction, ClaimsPrincipal actor, ProcedureCatalogue catalogue, CancellationToken cancellationToken)
    {
        if (AdminJurisdiction(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (type is not ("text/csv" or "application/json"))
        {
            return TypedResults.Problem(type: ProblemTypes.UnsupportedMediaType, title: "Unsupported file", statusCode: StatusCodes.Status415UnsupportedMediaType,
                detail: "Send the procedures as text/csv or application/json (UTF-8).");
        }

        string text;
        try
        {
            using var reader = new StreamReader(request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true));
            text = await reader.ReadToEndAsync(cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            return TypedResults.Problem(type: ProblemTypes.BadRequest, title: "Not UTF-8", statusCode: StatusCodes.Status400BadRequest, detail: "The file is not UTF-8 text.");
        }

        var rows = type == "text/csv" ? ProcedureCatalogue.ReadCsv(text) : ProcedureCatalogue.ReadJson(text);
        var summary = await catalogue.ImportAsync(j, rows, dryRun ?? false, cancellationToken);
        if (summary.Errors.Count > 0)
        {
            // Nothing was written: every wrong value by line and field, e.g. "line 3: agency".
            var errors = summary.Errors.GroupBy(e => e.Line == 0 ? e.Field : $"line {e.Line.ToString(CultureInfo.InvariantCulture)}: {e.Field}")
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation, title: "The file has errors; nothing was imported");
        }

        return TypedResults.Ok(summary);
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ForbidHttpResult>> Export(
        string? format, string? jurisdiction, ClaimsPrincipal actor, ProcedureCatalogue catalogue, CancellationToken cancellationToken)
    {
        if (AdminJurisdiction(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        if (format is not (null or "csv" or "json"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["format is csv or json."] }, type: ProblemTypes.Validation);
        }

        var all = await catalogue.SearchAsync(j, null, null, null, null, activeOnly: false, cancellationToken);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return format == "json"
            ? TypedResults.File(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(all.Select(ProcedureDto.From), ProcedureCatalogue.Json)), "application/json", $"procedures-{j}-{stamp}.json")
            : TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ProcedureCatalogue.WriteCsv(all))).ToArray(), "text/csv; charset=utf-8", $"procedures-{j}-{stamp}.csv");
    }

    public static ProcedureSummary Summary(Procedure p)
    {
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        return new ProcedureSummary(p.Code, p.Name(english), p.NameVi, p.NameEn, p.Field, p.Level == ProcedureLevel.Province ? "province" : "commune",
            p.AgencyCode, p.ProcessingDays, p.FeeVnd, p.FullyOnline, $"/public-services/procedures/{Uri.EscapeDataString(p.Code)}");
    }

    /// <summary>The jurisdiction asked for, or the installation's first (the portal serves one).</summary>
    public static async Task<string?> JurisdictionAsync(string? requested, IAdminUnitDirectory directory, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return (await directory.FindJurisdictionAsync(requested.Trim(), cancellationToken))?.Code;
        }

        return await directory.ListJurisdictionsAsync(cancellationToken) is [var first, ..] ? first.Code : null;
    }

    /// <summary>An administrator edits their own jurisdiction's catalogue; an installation administrator names one.</summary>
    public static string? AdminJurisdiction(ClaimsPrincipal actor, string? requested)
    {
        var own = ActorScope.JurisdictionOf(actor);
        if (ActorScope.IsInstallationAdministrator(actor))
        {
            return string.IsNullOrWhiteSpace(requested) ? null : requested.Trim();
        }

        return own is not null && (string.IsNullOrWhiteSpace(requested) || requested.Trim() == own) ? own : null;
    }

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(type: ProblemTypes.NotFound, title: "Not found", statusCode: StatusCodes.Status404NotFound, detail: detail);

    private static ProcedureLevel? Error(Dictionary<string, string[]> errors, string key, string message)
    {
        errors[key] = [message];
        return null;
    }
}
