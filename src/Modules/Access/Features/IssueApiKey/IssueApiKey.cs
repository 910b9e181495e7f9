using System.Security.Claims;
using Mekong.Modules.Access.Domain;
using Mekong.Modules.Access.Storage;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mekong.Modules.Access.Features.IssueApiKey;

internal sealed record IssueApiKeyRequest(string? Name, string? Role, string? Jurisdiction);

internal sealed record ApiKeyResponse(Guid Id, string Name, string Prefix, string Role, string? Jurisdiction, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>The new key with its secret: shown once, never stored.</summary>
internal sealed record IssuedApiKeyResponse(ApiKeyResponse ApiKey, string Key);

/// <summary>Issues an API key (<c>apikeys create</c>, <c>POST /api/v1/admin/api-keys</c>, the admin page).</summary>
internal sealed class IssueApiKeyHandler(AccessDbContext db, IAdminUnitDirectory directory, TimeProvider clock)
{
    public async Task<(IssuedApiKeyResponse? Issued, FieldErrors Errors)> HandleAsync(IssueApiKeyRequest request, ClaimsPrincipal? actor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (ApiKey.NameProblem(request.Name) is { } nameProblem)
        {
            errors.Add("name", nameProblem + " E.g. the agency system that will use the key.");
        }

        if (!Roles.TryNormalize(request.Role, out var role) || role == Roles.DepartmentOfficer)
        {
            errors.Add("role", "role must be Administrator, Operator or Viewer.");
        }

        var jurisdiction = await RequestedJurisdiction.ResolveAsync(actor, request.Jurisdiction, directory, errors, "You may only issue keys for your own jurisdiction.", cancellationToken);

        if (jurisdiction is null && role is Roles.Operator or Roles.Viewer)
        {
            errors.Add("jurisdiction", "An Operator or Viewer key belongs to a jurisdiction; give one.");
        }

        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        var (key, plain) = ApiKey.Issue(request.Name!, role, jurisdiction, actor?.Identity?.Name ?? "cli", clock);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return (new IssuedApiKeyResponse(ToResponse(key), plain), errors);
    }

    internal static ApiKeyResponse ToResponse(ApiKey key) =>
        new(key.Id, key.Name, key.Prefix, key.Role, key.JurisdictionCode, key.CreatedAt, key.CreatedBy, key.LastUsedAt, key.RevokedAt);
}

internal static class IssueApiKeyEndpoint
{
    public static async Task<Results<Created<IssuedApiKeyResponse>, ValidationProblem>> Handle(
        IssueApiKeyRequest request, ClaimsPrincipal user, IssueApiKeyHandler handler, CancellationToken cancellationToken)
    {
        var (issued, errors) = await handler.HandleAsync(request, user, cancellationToken);
        return issued is null
            ? TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation)
            : TypedResults.Created($"/api/v1/admin/api-keys/{issued.ApiKey.Id}", issued);
    }
}
