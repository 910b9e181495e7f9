using System.Security.Claims;
using System.Text.RegularExpressions;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Notifications.Delivery;
using Mekong.Modules.Notifications.Domain;
using Mekong.Modules.Notifications.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Notifications.Features.ManageSubscriptions;

/// <param name="Channel"><c>Email</c>, <c>InApp</c> or <c>Webhook</c>.</param>
/// <param name="EventType">An event type (<c>reports.assigned</c>), a prefix (<c>reports.*</c>) or <c>*</c>.</param>
/// <param name="Jurisdiction">Installation administrators: a jurisdiction, or none for every jurisdiction. Others: their own, always.</param>
/// <param name="Filters">The module's own filter keys; every one must be on a notice for it to match.</param>
internal sealed record CreateSubscriptionRequest(string? Name, string? Channel, string? EventType, string? Jurisdiction = null, string? Role = null,
    string? Department = null, IReadOnlyDictionary<string, string>? Filters = null, string? WebhookUrl = null);

/// <summary>A subscription as the API shows it: never its secret.</summary>
internal sealed record SubscriptionResponse(Guid Id, string Name, string Channel, string EventType, string? Jurisdiction, string? Role, string? Department,
    IReadOnlyDictionary<string, string> Filters, string? WebhookUrl, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>The new subscription and, for a webhook, its signing secret: shown once, stored only encrypted.</summary>
internal sealed record CreatedSubscriptionResponse(SubscriptionResponse Subscription, string? WebhookSecret);

/// <summary>Creates a subscription (<c>POST /api/v1/admin/notifications/subscriptions</c> and <c>/admin/notifications</c>).</summary>
internal sealed partial class CreateSubscriptionHandler(
    NotificationsDbContext db, IAdminUnitDirectory directory, IWebhookSecretProtector secrets, WebhookTargetPolicy targets, TimeProvider clock)
{
    public const int MaxFilters = 10;

    public async Task<(CreatedSubscriptionResponse? Created, FieldErrors Errors)> HandleAsync(CreateSubscriptionRequest request, ClaimsPrincipal? actor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            errors.Add("name", "A name of 1 to 100 characters is required, e.g. 'Duty officers: flood reports'.");
        }

        if (!Enum.TryParse<Channel>(request.Channel, ignoreCase: true, out var channel) || !Enum.IsDefined(channel) || int.TryParse(request.Channel, out _))
        {
            errors.Add("channel", "channel must be Email, InApp or Webhook.");
        }

        var eventType = request.EventType?.Trim() ?? string.Empty;
        if (!Subscription.IsValidPattern(eventType))
        {
            errors.Add("eventType", "eventType must be an event type such as 'reports.assigned', a prefix such as 'reports.*', or '*' for everything.");
        }

        string? role = null;
        if (!string.IsNullOrWhiteSpace(request.Role))
        {
            if (channel == Channel.Webhook)
            {
                errors.Add("role", "A webhook goes to a system, not to the people of a role: leave role empty.");
            }
            else if (!Roles.TryNormalize(request.Role, out var normalized))
            {
                errors.Add("role", $"role must be one of {string.Join(", ", Roles.All)}, or empty for every role.");
            }
            else
            {
                role = normalized;
            }
        }

        var department = string.IsNullOrWhiteSpace(request.Department) ? null : request.Department.Trim();
        if (department is not null && !DepartmentCode().IsMatch(department))
        {
            errors.Add("department", "department must be a department code such as 'SXD' (letters, digits, '-' or '_', up to 32).");
        }

        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Filters ?? new Dictionary<string, string>())
        {
            if (!FilterKey().IsMatch(key ?? string.Empty) || string.IsNullOrWhiteSpace(value) || value.Length > 100 || value.Contains('\n', StringComparison.Ordinal))
            {
                errors.Add("filters", $"Filter '{key}': keys are 1 to 40 lower-case letters, digits, '.', '-' or '_'; values 1 to 100 characters on one line.");
                continue;
            }

            filters[key!] = value.Trim();
        }

        if (filters.Count > MaxFilters)
        {
            errors.Add("filters", $"At most {MaxFilters} filters.");
        }

        Uri? url = null;
        if (channel == Channel.Webhook)
        {
            if (!Uri.TryCreate(request.WebhookUrl, UriKind.Absolute, out url) || url.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(url.UserInfo)
                || request.WebhookUrl!.Length > 2000)
            {
                errors.Add("webhookUrl", "webhookUrl must be an absolute http or https URL without credentials in it (the signature authenticates us).");
            }
            else if (targets.CheckUrl(url) is { } refused)
            {
                errors.Add("webhookUrl", refused);
            }
        }
        else if (!string.IsNullOrWhiteSpace(request.WebhookUrl))
        {
            errors.Add("webhookUrl", "Only a Webhook subscription has a webhookUrl.");
        }

        var jurisdiction = await ResolveJurisdictionAsync(actor, request.Jurisdiction, errors, cancellationToken);
        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        var createdBy = actor?.Identity?.Name ?? "cli";
        Subscription subscription;
        string? secret = null;
        if (channel == Channel.Webhook)
        {
            secret = WebhookSignature.NewSecret();
            subscription = Subscription.ForWebhook(name!, jurisdiction, eventType, department, url!, secrets.Protect(secret), filters, createdBy, clock);
        }
        else
        {
            subscription = Subscription.ForPeople(name!, jurisdiction, eventType, channel, role, department, filters, createdBy, clock);
        }

        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return (new CreatedSubscriptionResponse(ToResponse(subscription), secret), errors);
    }

    /// <summary>Confined administrators work in their own jurisdiction; an installation administrator names one that exists, or none (all).</summary>
    private async Task<string?> ResolveJurisdictionAsync(ClaimsPrincipal? actor, string? requested, FieldErrors errors, CancellationToken cancellationToken)
    {
        var jurisdiction = string.IsNullOrWhiteSpace(requested) ? null : requested.Trim();
        if (ActorScope.IsConfined(actor, out var own))
        {
            if (jurisdiction is not null && jurisdiction != own)
            {
                errors.Add("jurisdiction", "You may only manage subscriptions of your own jurisdiction.");
            }

            if (own is null)
            {
                errors.Add("jurisdiction", "Your account belongs to no jurisdiction; only an installation administrator manages installation-wide subscriptions.");
            }

            return own;
        }

        if (jurisdiction is not null && await directory.FindJurisdictionAsync(jurisdiction, cancellationToken) is null)
        {
            errors.Add("jurisdiction", $"There is no jurisdiction '{jurisdiction}'.");
        }

        return jurisdiction;
    }

    internal static SubscriptionResponse ToResponse(Subscription s) =>
        new(s.Id, s.Name, s.Channel.ToString(), s.EventType, s.JurisdictionCode, s.Role, s.DepartmentCode, s.FilterKeys, s.WebhookUrl, s.CreatedAt, s.CreatedBy);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex DepartmentCode();

    [GeneratedRegex("^[a-z0-9_.-]{1,40}$")]
    private static partial Regex FilterKey();
}

/// <summary>What an administrator may see and delete: their jurisdiction's subscriptions, or all for an installation administrator.</summary>
internal static class SubscriptionScope
{
    public static IQueryable<Subscription> Visible(NotificationsDbContext db, ClaimsPrincipal? actor)
    {
        var subscriptions = db.Subscriptions.AsQueryable();
        return ActorScope.IsConfined(actor, out var own) ? subscriptions.Where(s => s.JurisdictionCode == own && own != null) : subscriptions;
    }

    public static async Task<List<SubscriptionResponse>> ListAsync(NotificationsDbContext db, ClaimsPrincipal? actor, CancellationToken cancellationToken)
    {
        var rows = await Visible(db, actor).AsNoTracking().OrderBy(s => s.JurisdictionCode).ThenBy(s => s.Name).ToListAsync(cancellationToken);
        return rows.Select(CreateSubscriptionHandler.ToResponse).ToList();
    }

    /// <summary>Deletes one; false when there is none the actor may manage. Deliveries already enqueued for it are dead-lettered.</summary>
    public static async Task<bool> DeleteAsync(NotificationsDbContext db, Guid id, ClaimsPrincipal? actor, CancellationToken cancellationToken)
    {
        var subscription = await Visible(db, actor).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
        {
            return false;
        }

        db.Subscriptions.Remove(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}

internal static class SubscriptionEndpoints
{
    public static async Task<Ok<PagedList<SubscriptionResponse>>> List(ClaimsPrincipal user, NotificationsDbContext db, CancellationToken cancellationToken)
    {
        var items = await SubscriptionScope.ListAsync(db, user, cancellationToken);
        return TypedResults.Ok(new PagedList<SubscriptionResponse>(items, items.Count, null));
    }

    public static async Task<Results<Created<CreatedSubscriptionResponse>, ValidationProblem>> Create(
        CreateSubscriptionRequest request, ClaimsPrincipal user, CreateSubscriptionHandler handler, CancellationToken cancellationToken)
    {
        var (created, errors) = await handler.HandleAsync(request, user, cancellationToken);
        return created is null
            ? TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation)
            : TypedResults.Created($"/api/v1/admin/notifications/subscriptions/{created.Subscription.Id}", created);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, ClaimsPrincipal user, NotificationsDbContext db, CancellationToken cancellationToken) =>
        await SubscriptionScope.DeleteAsync(db, id, user, cancellationToken)
            ? TypedResults.NoContent()
            : Problem.NotFound("Subscription not found", $"There is no subscription '{id}' you may manage.");
}
