using System.Security.Claims;
using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Features.Registry;
using Mekong.Modules.Cameras.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Cameras.Features.Maintenance;

internal sealed record ContractorInput(string? Name, string? Email, double? UptimeTarget, string? Jurisdiction);

internal sealed record ContractorResponse(Guid Id, string Jurisdiction, string Name, string Email, double UptimeTarget, DateTimeOffset UpdatedAt)
{
    public static ContractorResponse Of(Contractor c) => new(c.Id, c.JurisdictionCode, c.Name, c.Email, c.UptimeTarget, c.UpdatedAt);
}

internal sealed record ContractorList(IReadOnlyList<ContractorResponse> Items, int Total);

/// <summary>
/// <c>/api/v1/cameras/contractors</c> (ADR 0039): the maintenance contractors of a jurisdiction, their ticket address
/// and contracted uptime. Operators read; administrators create, change and remove them.
/// </summary>
internal static class ContractorEndpoints
{
    public static RouteGroupBuilder MapContractors(this RouteGroupBuilder api)
    {
        var contractors = api.MapGroup("/contractors");
        contractors.MapGet("/", List).RequireAuthorization(Policies.Operator).WithName("ListCameraContractors");
        contractors.MapPost("/", Create).RequireAuthorization(Policies.Administrator).WithName("CreateCameraContractor").ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        contractors.MapPut("/{id:guid}", Update).RequireAuthorization(Policies.Administrator).WithName("UpdateCameraContractor")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        contractors.MapDelete("/{id:guid}", Delete).RequireAuthorization(Policies.Administrator).WithName("DeleteCameraContractor").ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Ok<ContractorList>> List(ClaimsPrincipal user, CamerasDbContext db, CancellationToken cancellationToken)
    {
        var items = await Visible(db, user).OrderBy(c => c.JurisdictionCode).ThenBy(c => c.Name).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ContractorList(items.Select(ContractorResponse.Of).ToList(), items.Count));
    }

    private static async Task<Results<Created<ContractorResponse>, ValidationProblem>> Create(
        ContractorInput body, ClaimsPrincipal user, CamerasDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var jurisdiction = CameraRegistry.JurisdictionFor(user, CameraInput.Blank(body.Jurisdiction), errors);
        var (name, email, target) = Check(body, errors);
        if (!errors.IsEmpty)
        {
            return Invalid(errors);
        }

        await RefuseDuplicateAsync(db, jurisdiction!, name, null, cancellationToken);
        var contractor = Contractor.Create(jurisdiction!, name, email, target, clock.GetUtcNow());
        db.Contractors.Add(contractor);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/cameras/contractors/{contractor.Id}", ContractorResponse.Of(contractor));
    }

    private static async Task<Results<Ok<ContractorResponse>, ValidationProblem>> Update(
        Guid id, ContractorInput body, ClaimsPrincipal user, CamerasDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var contractor = await FindAsync(db, id, user, cancellationToken);
        var errors = new FieldErrors();
        var (name, email, target) = Check(body, errors);
        if (!errors.IsEmpty)
        {
            return Invalid(errors);
        }

        await RefuseDuplicateAsync(db, contractor.JurisdictionCode, name, id, cancellationToken);
        contractor.Change(name, email, target, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ContractorResponse.Of(contractor));
    }

    private static async Task<NoContent> Delete(Guid id, ClaimsPrincipal user, CamerasDbContext db, CancellationToken cancellationToken)
    {
        var contractor = await FindAsync(db, id, user, cancellationToken);
        db.Contractors.Remove(contractor);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static (string Name, string Email, double Target) Check(ContractorInput body, FieldErrors errors)
    {
        var name = body.Name?.Trim() ?? string.Empty;
        if (name.Length is 0 or > Camera.TextMaxLength)
        {
            errors.Add("name", $"name is required: the contractor's name as cameras give it, at most {Camera.TextMaxLength} characters.");
        }

        var email = body.Email?.Trim() ?? string.Empty;
        if (email.Length is 0 or > Contractor.EmailMaxLength || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || parsed.DisplayName.Length > 0)
        {
            errors.Add("email", "email is required: one e-mail address (name@example.vn) where tickets are sent.");
        }

        if (body.UptimeTarget is not { } target || !double.IsFinite(target) || target is < 0 or > 100)
        {
            errors.Add("uptimeTarget", "uptimeTarget is required: the contracted uptime in percent, 0 to 100 (e.g. 98.5).");
            target = 0;
        }

        return (name, email, target);
    }

    private static async Task RefuseDuplicateAsync(CamerasDbContext db, string jurisdiction, string name, Guid? except, CancellationToken cancellationToken)
    {
        if (await db.Contractors.AnyAsync(c => c.JurisdictionCode == jurisdiction && c.Name == name && c.Id != except, cancellationToken))
        {
            throw DomainException.Conflict($"A contractor named '{name}' exists already in jurisdiction {jurisdiction}.");
        }
    }

    private static IQueryable<Contractor> Visible(CamerasDbContext db, ClaimsPrincipal user) =>
        ActorScope.IsConfined(user, out var own) ? db.Contractors.Where(c => c.JurisdictionCode == own) : db.Contractors;

    private static async Task<Contractor> FindAsync(CamerasDbContext db, Guid id, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await Visible(db, user).FirstOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw DomainException.NotFound($"No contractor {id}.");

    private static ValidationProblem Invalid(FieldErrors errors) => TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
}
