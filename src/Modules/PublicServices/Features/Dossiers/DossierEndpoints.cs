using System.Globalization;
using System.Security.Claims;
using Mekong.Modules.Access.Contracts;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.PublicServices.Domain;
using Mekong.Modules.PublicServices.Features.Catalogue;
using Mekong.Modules.PublicServices.Storage;
using Mekong.Platform;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Mekong.Platform.Files;
using Mekong.Platform.Http;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.PublicServices.Features.Dossiers;

internal sealed record StepRequest(string? Message, long? Amount);

internal sealed record TrackRequest(string? Code, string? Contact);

internal sealed record SubmittedResponse(string Code, string Token, string Url);

/// <summary>
/// Dossiers: the officers' queues and steps under <c>/api/v1/public-services/dossiers</c> (policy Officer, then the
/// <see cref="DossierScope"/>), and the residents' side under <c>/api/v1/portal/public-services</c> (anonymous):
/// submit, track, supplement. Residents' writes carry an antiforgery token and are rate limited as anonymous writes;
/// tracking is rate limited the same way, so that codes cannot be tried in bulk.
/// </summary>
internal static class DossierEndpoints
{
    public static IEndpointRouteBuilder MapDossiers(this IEndpointRouteBuilder app)
    {
        var officers = app.MapGroup("/api/v1/public-services/dossiers").WithTags("Public services: dossiers").RequireAuthorization(Policies.Officer);
        officers.MapGet(string.Empty, Queue).WithName("ListDossiers");
        officers.MapGet("/{code}", Get).WithName("GetDossier");
        officers.MapGet("/{code}/files/{hash}", File).WithName("GetDossierFile");
        officers.MapPost("/{code}/receive", (string code, StepRequest? body, HttpContext http, CancellationToken ct) => Act(code, DossierAction.Receive, body, null, http, ct)).WithName("ReceiveDossier");
        officers.MapPost("/{code}/supplement-request", (string code, StepRequest? body, HttpContext http, CancellationToken ct) => Act(code, DossierAction.RequestSupplement, body, null, http, ct)).WithName("RequestDossierSupplement");
        officers.MapPost("/{code}/processing", (string code, StepRequest? body, HttpContext http, CancellationToken ct) => Act(code, DossierAction.StartProcessing, body, null, http, ct)).WithName("StartDossierProcessing");
        officers.MapPost("/{code}/result", Result).WithName("CompleteDossierResult").DisableAntiforgery();
        officers.MapPost("/{code}/return", (string code, StepRequest? body, HttpContext http, CancellationToken ct) => Act(code, DossierAction.ReturnResult, body, null, http, ct)).WithName("ReturnDossierResult");
        officers.MapPost("/{code}/rejection", (string code, StepRequest? body, HttpContext http, CancellationToken ct) => Act(code, DossierAction.Reject, body, null, http, ct)).WithName("RejectDossier");
        officers.MapPost("/{code}/payments", (string code, StepRequest? body, HttpContext http, CancellationToken ct) => Act(code, DossierAction.RecordPayment, body, null, http, ct)).WithName("RecordDossierPayment");

        var portal = app.MapGroup("/api/v1/portal/public-services").WithTags("Portal: public services").AllowAnonymous();
        portal.MapPost("/track", TrackJson).RequireRateLimiting(RateLimits.AnonymousWrite).WithName("TrackDossier");
        var writes = portal.MapGroup(string.Empty).RequireRateLimiting(RateLimits.AnonymousWrite).DisableAntiforgery().AddEndpointFilter(FormAntiforgery.Check);
        writes.MapPost("/dossiers", Submit).WithName("PortalSubmitDossier");
        writes.MapPost("/track-form", TrackForm).WithName("PortalTrackDossier");
        writes.MapPost("/dossiers/{code}/supplement", Supplement).WithName("PortalSupplementDossier");
        portal.MapGet("/dossiers/{code}/receipt.pdf", Receipt).RequireRateLimiting(RateLimits.PublicRead).WithName("PortalDossierReceipt");
        return app;
    }

    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    private static async Task<Results<Ok<PagedList<QueueItem>>, ValidationProblem, ForbidHttpResult>> Queue(
        string? status, string? procedure, bool? overdue, string? queue, int? limit, string? cursor, ClaimsPrincipal user, HttpRequest request,
        PublicServicesDbContext db, IOfficerDirectory officers, IOptions<PublicServicesOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var scope = await DossierScope.ForAsync(user, officers, options, cancellationToken);
        if (!scope.HandlesAny)
        {
            return TypedResults.Forbid();
        }

        var errors = new Dictionary<string, string[]>();
        DossierStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (DossierText.TryParse(status, out var parsed))
            {
                wanted = parsed;
            }
            else
            {
                errors["status"] = ["status is submitted, received, supplement_requested, processing, result_ready, returned or rejected."];
            }
        }

        if (queue is not (null or "" or "desk" or "department"))
        {
            errors["queue"] = ["queue is desk (to receive and return) or department (to process)."];
        }

        var take = limit ?? KeysetCursor.DefaultLimit;
        if (take is < 1 or > KeysetCursor.MaxLimit)
        {
            errors["limit"] = [$"limit is from 1 to {KeysetCursor.MaxLimit}."];
        }

        long after = 0;
        if (!KeysetCursor.TryDecode(cursor, out var last) || (last is not null && !long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out after)))
        {
            errors["cursor"] = ["cursor is the opaque value of a previous page's next link."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }

        var query = scope.Filter(db.Dossiers.AsNoTracking());
        if (queue == "desk")
        {
            query = query.Where(d => d.Status == DossierStatus.Submitted || d.Status == DossierStatus.ResultReady);
        }
        else if (queue == "department")
        {
            query = query.Where(d => d.Status == DossierStatus.Received || d.Status == DossierStatus.Processing);
        }

        if (wanted is { } w)
        {
            query = query.Where(d => d.Status == w);
        }

        if (!string.IsNullOrWhiteSpace(procedure))
        {
            var p = procedure.Trim().ToUpperInvariant();
            query = query.Where(d => d.ProcedureCode == p);
        }

        var today = VietnamTime.Today(clock);
        if (overdue == true)
        {
            query = query.Where(d => (d.Status == DossierStatus.Received || d.Status == DossierStatus.Processing) && d.DueDate < today);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.Where(d => d.Id > after).OrderBy(d => d.Id).Take(take + 1)
            .Select(d => new { d.Id, d.Code, d.ProcedureCode, d.ProcedureNameVi, d.ProcedureNameEn, d.AgencyCode, d.CommuneCode, d.Status, d.SubmittedAt, d.DueDate, d.Online })
            .ToListAsync(cancellationToken);
        var english = English;
        var items = rows.Take(take).Select(d => new QueueItem(d.Code, d.ProcedureCode, english && d.ProcedureNameEn.Length > 0 ? d.ProcedureNameEn : d.ProcedureNameVi,
            d.AgencyCode, d.CommuneCode, DossierText.Code(d.Status), d.SubmittedAt, d.DueDate,
            d.DueDate is { } due && d.Status is DossierStatus.Received or DossierStatus.Processing && today > due, d.Online,
            $"/api/v1/public-services/dossiers/{Uri.EscapeDataString(d.Code)}")).ToList();
        var next = rows.Count > take ? KeysetCursor.NextUrl(request, rows[take - 1].Id.ToString(CultureInfo.InvariantCulture)) : null;
        return TypedResults.Ok(new PagedList<QueueItem>(items, total, next));
    }

    private static async Task<Results<Ok<DossierOfficerView>, ProblemHttpResult, ForbidHttpResult>> Get(
        string code, ClaimsPrincipal user, DossierWork work, IOfficerDirectory officers, IOptions<PublicServicesOptions> options, CancellationToken cancellationToken)
    {
        var scope = await DossierScope.ForAsync(user, officers, options, cancellationToken);
        var read = await work.ReadAsync(scope, code, "api", cancellationToken);
        return read.Outcome switch
        {
            WorkOutcome.Done => TypedResults.Ok(DossierOfficerView.From(read.Dossier!, English)),
            WorkOutcome.Forbidden => TypedResults.Forbid(),
            _ => CatalogueEndpoints.NotFound($"No dossier {code}."),
        };
    }

    private static async Task<IResult> File(
        string code, string hash, ClaimsPrincipal user, DossierWork work, IFileStore store, IOfficerDirectory officers, IOptions<PublicServicesOptions> options, CancellationToken cancellationToken)
    {
        var scope = await DossierScope.ForAsync(user, officers, options, cancellationToken);
        var read = await work.ReadAsync(scope, code, "file", cancellationToken);
        if (read.Outcome == WorkOutcome.Forbidden)
        {
            return TypedResults.Forbid();
        }

        if (read.Dossier is not { } dossier || dossier.Files.All(f => f.Hash != hash))
        {
            return CatalogueEndpoints.NotFound($"No such file in dossier {code}.");
        }

        return await FileResults.ServeAsync(store, new FileOwner("public-services", dossier.Code), hash, cancellationToken);
    }

    /// <summary>
    /// The request's form, or null with the 400 problem to answer when the body cannot be read (multipart without a
    /// boundary, a cut-off part): the client's mistake, not a 500.
    /// </summary>
    private static async Task<(IFormCollection? Form, ProblemHttpResult? Problem)> ReadFormAsync(HttpContext http, CancellationToken cancellationToken)
    {
        try
        {
            return (await http.Request.ReadFormAsync(cancellationToken), null);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return (null, TypedResults.Problem(type: ProblemTypes.BadRequest, title: "Unreadable form", statusCode: StatusCodes.Status400BadRequest,
                detail: "The form body could not be read: " + e.Message));
        }
    }

    private static async Task<IResult> Result(string code, HttpContext http, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
        {
            return TypedResults.Problem(type: ProblemTypes.UnsupportedMediaType, title: "Unsupported body", statusCode: StatusCodes.Status415UnsupportedMediaType,
                detail: "Send the result as multipart/form-data: file (PDF or photo) and message.");
        }

        var (form, unreadable) = await ReadFormAsync(http, cancellationToken);
        if (form is null)
        {
            return unreadable!;
        }
        var file = form.Files.GetFile("file");
        var upload = file is null || file.Length == 0 ? null : new Upload(DossierWork.ResultDocument, file.FileName, file.OpenReadStream);
        return await Act(code, DossierAction.CompleteResult, new StepRequest(form["message"].ToString(), null), upload, http, cancellationToken);
    }

    private static async Task<IResult> Act(string code, DossierAction action, StepRequest? body, Upload? upload, HttpContext http, CancellationToken cancellationToken)
    {
        var services = http.RequestServices;
        var scope = await DossierScope.ForAsync(http.User, services.GetRequiredService<IOfficerDirectory>(), services.GetRequiredService<IOptions<PublicServicesOptions>>(), cancellationToken);
        var result = await services.GetRequiredService<DossierWork>().ActAsync(scope, code, action, body?.Message, body?.Amount, upload, cancellationToken);
        return result.Outcome switch
        {
            WorkOutcome.Done => TypedResults.Ok(DossierPublicView.From(result.Dossier!, English)),
            WorkOutcome.NotFound => CatalogueEndpoints.NotFound($"No dossier {code}."),
            WorkOutcome.Forbidden => TypedResults.Problem(type: ProblemTypes.Forbidden, title: "Not yours to do", statusCode: StatusCodes.Status403Forbidden,
                detail: result.Error ?? "This dossier is handled by another unit."),
            WorkOutcome.Invalid => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [result.Field ?? "body"] = [result.Error ?? "Invalid."] }, type: ProblemTypes.Validation),
            _ => TypedResults.Problem(type: ProblemTypes.Conflict, title: "Not in this state", statusCode: StatusCodes.Status409Conflict, detail: result.Error),
        };
    }

    // ---- the residents' side ----

    private static async Task<IResult> Submit(HttpContext http, IAdminUnitDirectory directory, SubmitDossierHandler handler, CancellationToken cancellationToken)
    {
        var (form, unreadable) = await ReadFormAsync(http, cancellationToken);
        if (form is null)
        {
            return unreadable!;
        }
        var procedureCode = form["procedure"].ToString().Trim();
        var back = ProcedureCodes.IsValid(procedureCode) ? $"/public-services/procedures/{Uri.EscapeDataString(procedureCode)}?" : "/public-services?";
        var jurisdiction = await CatalogueEndpoints.JurisdictionAsync(null, directory, cancellationToken);
        if (jurisdiction is null || !ProcedureCodes.IsValid(procedureCode))
        {
            return Problem(http, back, new() { ["procedure"] = ["Choose a procedure."] }, notFound: jurisdiction is not null);
        }

        var fields = form.Keys.Where(k => k.StartsWith("f.", StringComparison.Ordinal))
            .ToDictionary(k => k[2..], k => (string?)form[k].ToString(), StringComparer.Ordinal);
        var files = form.Files.Where(f => f.Name.StartsWith("doc.", StringComparison.Ordinal) && f.Length > 0)
            .Select(f => new Upload(f.Name[4..], f.FileName, f.OpenReadStream)).ToList();
        var userId = http.User.Identity?.IsAuthenticated == true ? http.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        var request = new SubmitDossierRequest(procedureCode, form["fullName"], form["identityNumber"], form["phone"], form["email"], fields, files,
            Online: true, userId, English ? "en" : "vi");
        var result = await handler.HandleAsync(jurisdiction, request, cancellationToken);
        if (result.Dossier is not { } dossier)
        {
            if (!WantsJson(http) && !result.ProcedureMissing)
            {
                RefusedForm.Keep(http, form);
            }

            return Problem(http, back, result.Errors, result.ProcedureMissing);
        }

        var url = ReceiptUrl(dossier);
        return WantsJson(http) ? TypedResults.Created(url, new SubmittedResponse(dossier.Code, dossier.AccessToken, url)) : TypedResults.Redirect(url + "&sent=1");
    }

    private static async Task<Results<Ok<DossierPublicView>, ProblemHttpResult>> TrackJson(TrackRequest body, DossierWork work, CancellationToken cancellationToken)
    {
        var dossier = await work.TrackAsync(body.Code, body.Contact, cancellationToken);
        return dossier is null ? TrackNotFound() : TypedResults.Ok(DossierPublicView.From(dossier, English));
    }

    private static async Task<IResult> TrackForm(HttpContext http, DossierWork work, CancellationToken cancellationToken)
    {
        var (form, unreadable) = await ReadFormAsync(http, cancellationToken);
        if (form is null)
        {
            return unreadable!;
        }
        var code = form["code"].ToString();
        var dossier = await work.TrackAsync(code, form["contact"].ToString(), cancellationToken);
        if (dossier is null)
        {
            return WantsJson(http) ? TrackNotFound()
                : TypedResults.Redirect("/public-services/track?notfound=1&code=" + Uri.EscapeDataString(code.Length > Dossier.CodeMaxLength ? string.Empty : code.Trim()));
        }

        return WantsJson(http) ? TypedResults.Ok(DossierPublicView.From(dossier, English)) : TypedResults.Redirect(ReceiptUrl(dossier));
    }

    private static async Task<IResult> Supplement(string code, HttpContext http, DossierWork work, CancellationToken cancellationToken)
    {
        var (form, unreadable) = await ReadFormAsync(http, cancellationToken);
        if (form is null)
        {
            return unreadable!;
        }
        var token = form["t"].ToString();
        var files = form.Files.Where(f => f.Length > 0).Select(f => new Upload(f.Name.StartsWith("doc.", StringComparison.Ordinal) ? f.Name[4..] : "bo-sung", f.FileName, f.OpenReadStream)).ToList();
        var result = await work.SupplementAsync(code, token, files, form["message"].ToString(), cancellationToken);
        var back = $"/public-services/dossiers/{Uri.EscapeDataString(code)}?t={Uri.EscapeDataString(token)}";
        return result.Outcome switch
        {
            WorkOutcome.Done => WantsJson(http) ? TypedResults.Ok(DossierPublicView.From(result.Dossier!, English)) : TypedResults.Redirect(back + "&supplemented=1"),
            WorkOutcome.NotFound => WantsJson(http) ? TrackNotFound() : TypedResults.Redirect("/public-services/track?notfound=1"),
            _ => WantsJson(http)
                ? TypedResults.Problem(type: result.Outcome == WorkOutcome.Conflict ? ProblemTypes.Conflict : ProblemTypes.Validation, statusCode: result.Outcome == WorkOutcome.Conflict ? 409 : 400, detail: result.Error)
                : TypedResults.Redirect(back + "&problem=" + Uri.EscapeDataString(result.Error ?? string.Empty)),
        };
    }

    private static async Task<IResult> Receipt(string code, string? t, DossierWork work, CancellationToken cancellationToken)
    {
        var dossier = await work.FindAsync(code, cancellationToken);
        if (dossier is null || !DossierWork.TokenMatches(dossier, t))
        {
            return TrackNotFound();
        }

        return TypedResults.File(ReceiptPdf.Render(dossier, English), "application/pdf", $"bien-nhan-{dossier.Code}.pdf");
    }

    public static string ReceiptUrl(Dossier d) => $"/public-services/dossiers/{Uri.EscapeDataString(d.Code)}?t={d.AccessToken}";

    /// <summary>The one answer for a code that does not exist and a contact that does not match.</summary>
    private static ProblemHttpResult TrackNotFound() =>
        CatalogueEndpoints.NotFound("No dossier with this code and phone number or e-mail address.");

    private static bool WantsJson(HttpContext http) =>
        http.Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);

    private static IResult Problem(HttpContext http, string back, Dictionary<string, string[]> errors, bool notFound)
    {
        if (WantsJson(http))
        {
            return notFound
                ? CatalogueEndpoints.NotFound(errors.Values.First()[0])
                : TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }

        return TypedResults.Redirect(back + "problem=" + Uri.EscapeDataString(string.Join(" ", errors.Values.SelectMany(v => v))));
    }
}
