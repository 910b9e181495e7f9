using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Xml;
using Mekong.Modules.Access.Contracts;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Incidents.Domain;
using Mekong.Modules.Incidents.Features.Incidents;
using Mekong.Modules.Incidents.Storage;
using Mekong.Platform;
using Mekong.Platform.Auth;
using Mekong.Platform.Configuration;
using Mekong.Platform.Errors;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Incidents.Features.Warnings;

internal sealed record WarningDto(
    Guid Id, Guid IncidentId, string Identifier, string MsgType, Guid? References, string Category, string EventVi, string EventEn,
    string HeadlineVi, string HeadlineEn, string DescriptionVi, string DescriptionEn, string InstructionVi, string InstructionEn,
    string Severity, string Urgency, string Certainty, IReadOnlyList<string> Communes, DateTimeOffset Sent, DateTimeOffset Onset,
    DateTimeOffset Expires, string SentBy, bool InForce, bool Superseded, string CapUrl)
{
    public static WarningDto From(Warning w, DateTimeOffset now) => new(
        w.Id, w.IncidentId, CapWriter.Identifier(w), w.MessageType, w.ReferencesId, w.CapCategory, w.EventVi, w.EventEn,
        w.Vi.Headline, w.En.Headline, w.Vi.Description, w.En.Description, w.Vi.Instruction, w.En.Instruction,
        w.Severity, w.Urgency, w.Certainty, w.Communes, w.Sent, w.Onset, w.Expires, w.SentBy, w.IsInForce(now), w.SupersededAt is not null,
        $"/api/v1/warnings/{w.Id}.cap");
}

/// <summary>A warning as the portal and the apps read it: no operator's name.</summary>
internal sealed record PublicWarningDto(
    Guid Id, string Jurisdiction, string MsgType, string Category, string EventVi, string EventEn, string HeadlineVi, string HeadlineEn,
    string DescriptionVi, string DescriptionEn, string InstructionVi, string InstructionEn, string Severity, string Urgency, string Certainty,
    IReadOnlyList<string> Communes, DateTimeOffset Sent, DateTimeOffset Onset, DateTimeOffset Expires, string CapUrl)
{
    public static PublicWarningDto From(Warning w) => new(
        w.Id, w.JurisdictionCode, w.MessageType, w.CapCategory, w.EventVi, w.EventEn, w.Vi.Headline, w.En.Headline, w.Vi.Description, w.En.Description,
        w.Vi.Instruction, w.En.Instruction, w.Severity, w.Urgency, w.Certainty, w.Communes, w.Sent, w.Onset, w.Expires, $"/api/v1/warnings/{w.Id}.cap");
}

internal sealed record SubscribeRequest(string? Email, IReadOnlyList<string?>? Communes, string? Language, string? Jurisdiction);

internal sealed record SubscriptionDto(Guid Id, string Jurisdiction, IReadOnlyList<string> Communes, string Language, bool Confirmed);

/// <summary>
/// Public warnings: issued from an incident by operators (<c>/api/v1/incidents/{id}/warnings</c>), read by anyone as
/// JSON (<c>/api/v1/warnings?commune=</c>), as a CAP 1.2 feed (<c>/api/v1/warnings/cap</c>, Atom) and as one CAP 1.2
/// document each (<c>/api/v1/warnings/{id}.cap</c>); residents subscribe to the warnings of communes.
/// </summary>
internal static class WarningEndpoints
{
    public static void MapWarnings(this IEndpointRouteBuilder app)
    {
        var issue = app.MapGroup("/api/v1/incidents/{id:guid}/warnings").WithTags("Incidents: public warnings").RequireAuthorization(Policies.Operator);
        issue.MapPost(string.Empty, Issue).WithName("IssueWarning");
        issue.MapGet(string.Empty, ListOfIncident).WithName("ListIncidentWarnings");

        var open = app.MapGroup("/api/v1/warnings").WithTags("Public warnings").AllowAnonymous();
        open.MapGet(string.Empty, ListPublic).RequireRateLimiting(RateLimits.PublicRead).WithName("ListPublicWarnings");
        open.MapGet("/cap", Feed).RequireRateLimiting(RateLimits.PublicRead).WithName("CapFeed");
        open.MapGet("/{id:guid}.cap", Document).RequireRateLimiting(RateLimits.PublicRead).WithName("CapDocument");
        open.MapPost("/subscriptions", Subscribe).RequireRateLimiting(RateLimits.AnonymousWrite).WithName("SubscribeToWarnings");
        open.MapGet("/subscriptions/confirm", Confirm).RequireRateLimiting(RateLimits.AnonymousWrite).WithName("ConfirmWarningSubscription");
        open.MapGet("/subscriptions/unsubscribe", Unsubscribe).RequireRateLimiting(RateLimits.AnonymousWrite).WithName("UnsubscribeFromWarnings");
    }

    private static async Task<Results<Created<WarningDto>, ValidationProblem, ProblemHttpResult, ForbidHttpResult>> Issue(
        Guid id, IssueWarningRequest? body, string? jurisdiction, ClaimsPrincipal actor, IncidentWork incidents, WarningWork warnings, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (ActorScope.WorkingJurisdiction(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var incident = await incidents.FindAsync(j, id, cancellationToken);
        if (incident is null)
        {
            return TypedResults.Problem(type: ProblemTypes.NotFound, title: "Not found", statusCode: StatusCodes.Status404NotFound, detail: $"There is no incident {id}.");
        }

        var outcome = await warnings.IssueAsync(incident, body, Actors.Name(actor), cancellationToken);
        return outcome.Warning is { } w
            ? TypedResults.Created($"/api/v1/warnings/{w.Id}.cap", WarningDto.From(w, clock.GetUtcNow()))
            : TypedResults.ValidationProblem(outcome.Errors.ToDictionary(), type: ProblemTypes.Validation);
    }

    private static async Task<Results<Ok<PagedList<WarningDto>>, ForbidHttpResult>> ListOfIncident(
        Guid id, string? jurisdiction, ClaimsPrincipal actor, IncidentsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (ActorScope.WorkingJurisdiction(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var now = clock.GetUtcNow();
        var rows = await db.Warnings.AsNoTracking().Where(w => w.IncidentId == id && w.JurisdictionCode == j).OrderByDescending(w => w.Sent).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<WarningDto>(rows.Select(w => WarningDto.From(w, now)).ToList(), rows.Count, null));
    }

    /// <summary>The warnings in force (not cancelled, replaced or expired), of one commune or of all.</summary>
    private static async Task<Results<Ok<PagedList<PublicWarningDto>>, ValidationProblem>> ListPublic(
        string? commune, string? jurisdiction, IncidentsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (commune is { } c && (c.Trim().Length is 0 or > 20 || !c.Trim().All(char.IsAsciiLetterOrDigit)))
        {
            errors.Add("commune", "commune is a commune's code.");
        }

        if (jurisdiction is { } jc && (jc.Trim().Length is 0 or > 8 || !jc.Trim().All(char.IsAsciiLetterOrDigit)))
        {
            errors.Add("jurisdiction", "jurisdiction is a jurisdiction's code.");
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var now = clock.GetUtcNow();
        var rows = await InForce(db, now, jurisdiction?.Trim(), commune?.Trim()).ToListAsync(cancellationToken);
        var items = rows.Where(w => w.IsInForce(now)).OrderBy(w => Cap.Rank(w.Severity)).ThenByDescending(w => w.Sent).Select(PublicWarningDto.From).ToList();
        return TypedResults.Ok(new PagedList<PublicWarningDto>(items, items.Count, null));
    }

    /// <summary>The latest message of each chain that has not expired (Cancels included: a feed reader must hear them).</summary>
    public static IQueryable<Warning> InForce(IncidentsDbContext db, DateTimeOffset now, string? jurisdiction, string? commune)
    {
        var query = db.Warnings.AsNoTracking().Where(w => w.SupersededAt == null && w.Expires > now);
        if (jurisdiction is not null)
        {
            query = query.Where(w => w.JurisdictionCode == jurisdiction);
        }

        if (commune is not null)
        {
            var pattern = CommuneKeys.Pattern(commune);
            query = query.Where(w => EF.Functions.Like(w.CommuneKey, pattern));
        }

        return query.OrderByDescending(w => w.Sent).Take(500);
    }

    /// <summary>An Atom 1.0 index of the current CAP messages, each entry linking its CAP document.</summary>
    private static async Task<IResult> Feed(string? jurisdiction, HttpRequest request, IncidentsDbContext db, WarningWork work, IAdminUnitDirectory directory,
        TimeProvider clock, IOptions<MekongOptions> mekong, CancellationToken cancellationToken)
    {
        var j = jurisdiction?.Trim() is { Length: > 0 and <= 8 } given && given.All(char.IsAsciiLetterOrDigit) ? given : null;
        if (jurisdiction is not null && j is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["jurisdiction"] = ["jurisdiction is a jurisdiction's code."] }, type: ProblemTypes.Validation);
        }

        var now = clock.GetUtcNow();
        var rows = await InForce(db, now, j, null).ToListAsync(cancellationToken);
        var root = Mekong.Platform.Http.ReverseProxy.PublicOrigin(request, mekong.Value.PublicBaseUrl) ?? string.Empty;
        var name = j is null ? null : await directory.FindJurisdictionAsync(j, cancellationToken);
        var output = new StringBuilder();
        const string atom = "http://www.w3.org/2005/Atom";
        using (var x = XmlWriter.Create(output, new XmlWriterSettings { Indent = true }))
        {
            x.WriteStartDocument();
            x.WriteStartElement("feed", atom);
            x.WriteElementString("id", atom, "urn:mekong:warnings:" + (j ?? "all"));
            x.WriteElementString("title", atom, name is null ? "Cảnh báo công cộng / Public warnings" : $"Cảnh báo công cộng – {name.NameVi} / Public warnings – {name.NameEn}");
            x.WriteElementString("updated", atom, CapWriter.Time(rows.Count == 0 ? now : rows.Max(w => w.Sent)));
            x.WriteStartElement("author", atom);
            x.WriteElementString("name", atom, name is null ? "Mekong IOC" : (await work.SenderAsync(j!, cancellationToken)).SenderNameVi);
            x.WriteEndElement();
            Link(x, "self", "application/atom+xml", root + "/api/v1/warnings/cap" + (j is null ? string.Empty : "?jurisdiction=" + j));
            foreach (var w in rows)
            {
                x.WriteStartElement("entry", atom);
                x.WriteElementString("id", atom, "urn:mekong:cap:" + CapWriter.Identifier(w));
                x.WriteElementString("title", atom, WarningNotices.Prefix(w.MessageType, "vi") + w.Vi.Headline);
                x.WriteElementString("updated", atom, CapWriter.Time(w.Sent));
                x.WriteElementString("summary", atom, $"{w.En.Headline} — {w.Severity}, {w.Urgency}, {w.Certainty}; expires {CapWriter.Time(w.Expires)}");
                x.WriteStartElement("category", atom);
                x.WriteAttributeString("term", w.MessageType);
                x.WriteEndElement();
                Link(x, "alternate", CapWriter.ContentType, $"{root}/api/v1/warnings/{w.Id}.cap");
                x.WriteEndElement();
            }

            x.WriteEndElement();
            x.WriteEndDocument();
        }

        return TypedResults.Text(output.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal), "application/atom+xml", Encoding.UTF8);
    }

    private static void Link(XmlWriter x, string rel, string type, string href)
    {
        x.WriteStartElement("link", "http://www.w3.org/2005/Atom");
        x.WriteAttributeString("rel", rel);
        x.WriteAttributeString("type", type);
        x.WriteAttributeString("href", href);
        x.WriteEndElement();
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Document(Guid id, IncidentsDbContext db, WarningWork work, CancellationToken cancellationToken)
    {
        var warning = await db.Warnings.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (warning is null)
        {
            return TypedResults.Problem(type: ProblemTypes.NotFound, title: "Not found", statusCode: StatusCodes.Status404NotFound, detail: $"There is no warning {id}.");
        }

        return TypedResults.Text(await work.CapAsync(warning, cancellationToken), CapWriter.ContentType, Encoding.UTF8);
    }

    /// <summary>
    /// A signed-in account subscribes itself (confirmed at once, bell and e-mail); anyone else gives an e-mail address,
    /// which gets a link to confirm (nothing is sent to it before). Asking again changes the communes.
    /// </summary>
    private static async Task<Results<Created<SubscriptionDto>, Accepted<SubscriptionDto>, ValidationProblem>> Subscribe(
        SubscribeRequest? body, ClaimsPrincipal actor, IncidentsDbContext db, IAdminUnitDirectory directory, IUserDirectory users, WarningNotices notices,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (body is null)
        {
            return TypedResults.ValidationProblem(errors.Add("body", "Send the subscription as JSON.").ToDictionary(), type: ProblemTypes.Validation);
        }

        var account = Actors.AccountId(actor) is { } uid ? await users.FindAsync(uid, cancellationToken) : null;
        var email = account?.Email ?? body.Email?.Trim() ?? string.Empty;
        if (account is null && !IsEmail(email))
        {
            errors.Add("email", "email is a valid e-mail address.");
        }

        var language = account?.PreferredLanguage ?? (UserLanguages.TryNormalize(body.Language ?? "vi", out var l) ? l : null);
        if (language is null)
        {
            errors.Add("language", "language is vi or en.");
        }

        var jurisdictions = await directory.ListJurisdictionsAsync(cancellationToken);
        var j = body.Jurisdiction?.Trim() is { Length: > 0 } named ? named : account?.JurisdictionCode ?? (jurisdictions.Count > 0 ? jurisdictions[0].Code : null);
        if (j is null || jurisdictions.All(x => x.Code != j))
        {
            errors.Add("jurisdiction", "jurisdiction is a jurisdiction's code.");
        }

        var given = body.Communes ?? [];
        var communes = new List<string>();
        var names = new List<string>();
        if (given.Count is 0 or > WarningSubscription.MaxCommunes)
        {
            errors.Add("communes", $"communes names 1 to {WarningSubscription.MaxCommunes} communes.");
        }
        else
        {
            for (var i = 0; i < given.Count; i++)
            {
                var code = given[i]?.Trim() ?? string.Empty;
                var unit = code.Length == 0 ? null : await directory.FindAsync(code, null, cancellationToken);
                if (unit is null || unit.Level != "commune" || unit.JurisdictionCode != j)
                {
                    errors.Add($"communes[{i}]", $"'{code}' is not a commune of jurisdiction {j} today.");
                }
                else if (!communes.Contains(unit.Code))
                {
                    communes.Add(unit.Code);
                    names.Add(language == "en" ? unit.NameEn : unit.NameVi);
                }
            }
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var now = clock.GetUtcNow();
        var normalized = email.ToLowerInvariant();
        var existing = account is not null
            ? await db.Subscriptions.FirstOrDefaultAsync(s => s.JurisdictionCode == j && s.UserId == account.Id, cancellationToken)
            : await db.Subscriptions.FirstOrDefaultAsync(s => s.JurisdictionCode == j && s.UserId == null && s.Email == normalized, cancellationToken);
        var subscription = existing;
        if (subscription is null)
        {
            subscription = WarningSubscription.Create(j!, normalized, language!, communes, account?.Id, now);
            db.Subscriptions.Add(subscription);
        }
        else
        {
            subscription.ChangeCommunes(communes);
        }

        if (subscription.ConfirmedAt is null)
        {
            notices.EnqueueConfirmation(db, subscription, string.Join(", ", names));
        }

        await db.SaveChangesAsync(cancellationToken);
        var dto = new SubscriptionDto(subscription.Id, subscription.JurisdictionCode, subscription.Communes, subscription.Language, subscription.ConfirmedAt is not null);
        return dto.Confirmed ? TypedResults.Created($"/api/v1/warnings/subscriptions/{dto.Id}", dto) : TypedResults.Accepted((string?)null, dto);
    }

    private static async Task<IResult> Confirm(string? token, IncidentsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var subscription = await Find(db, token, cancellationToken);
        if (subscription is null)
        {
            return Gone();
        }

        subscription.Confirm(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new SubscriptionDto(subscription.Id, subscription.JurisdictionCode, subscription.Communes, subscription.Language, true));
    }

    private static async Task<IResult> Unsubscribe(string? token, IncidentsDbContext db, CancellationToken cancellationToken)
    {
        var subscription = await Find(db, token, cancellationToken);
        if (subscription is null)
        {
            return Gone();
        }

        db.Subscriptions.Remove(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<WarningSubscription?> Find(IncidentsDbContext db, string? token, CancellationToken cancellationToken) =>
        token is { Length: 32 } t && t.All(char.IsAsciiHexDigitLower) ? await db.Subscriptions.FirstOrDefaultAsync(s => s.Token == t, cancellationToken) : null;

    private static ProblemHttpResult Gone() => TypedResults.Problem(
        type: ProblemTypes.NotFound, title: "Not found", statusCode: StatusCodes.Status404NotFound,
        detail: "This link is not, or no longer, a subscription's link.");

    private static bool IsEmail(string email) =>
        email.Length is > 3 and <= 254 && System.Net.Mail.MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && email.Contains('.', StringComparison.Ordinal);
}
