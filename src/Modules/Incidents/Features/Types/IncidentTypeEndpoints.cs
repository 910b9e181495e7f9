using System.Security.Claims;
using Mekong.Modules.Access.Contracts;
using Mekong.Modules.Incidents.Domain;
using Mekong.Modules.Incidents.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Incidents.Features.Types;

internal sealed record SopStepRequest(string? TitleVi, string? TitleEn, string? Owner, int? DeadlineMinutes);

/// <summary>A type as an administrator sends it; <c>owner</c> of a step is a department code (<c>SNNMT</c>) or <c>role:Operator</c>.</summary>
internal sealed record IncidentTypeRequest(string? Code, string? NameVi, string? NameEn, string? CapCategory, IReadOnlyList<SopStepRequest?>? Steps);

internal sealed record SopStepDto(int Number, string TitleVi, string TitleEn, string Owner, string OwnerKind, int DeadlineMinutes);

internal sealed record IncidentTypeDto(Guid Id, string Code, string NameVi, string NameEn, string CapCategory, bool Active, IReadOnlyList<SopStepDto> Steps, DateTimeOffset UpdatedAt)
{
    public static IncidentTypeDto From(IncidentType t) => new(
        t.Id, t.Code, t.NameVi, t.NameEn, t.CapCategory, t.Active,
        t.Steps.Select((s, i) => new SopStepDto(i + 1, s.TitleVi, s.TitleEn, IncidentTypeRules.OwnerText(s.OwnerKind, s.OwnerCode), s.OwnerKind == StepOwnerKind.Role ? "role" : "department", s.DeadlineMinutes)).ToList(),
        t.UpdatedAt);
}

/// <summary>Checks a type and its procedure: codes, both names, the CAP category, each step's owner against the departments.</summary>
internal sealed class IncidentTypeRules(IDepartmentDirectory departments)
{
    public const string RolePrefix = "role:";

    public async Task<(IncidentTypeContent? Content, FieldErrors Errors)> CheckAsync(string jurisdiction, IncidentTypeRequest? body, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (body is null)
        {
            errors.Add("body", "Send the type as JSON.");
            return (null, errors);
        }

        var code = body.Code?.Trim() ?? string.Empty;
        if (!IncidentType.IsValidCode(code))
        {
            errors.Add("code", $"code is 2 to {IncidentType.CodeMaxLength} lower-case letters, digits and hyphens (flood, traffic-accident).");
        }

        var nameVi = Required(errors, "nameVi", body.NameVi, IncidentType.NameMaxLength);
        var nameEn = Required(errors, "nameEn", body.NameEn, IncidentType.NameMaxLength);
        var category = Cap.Normalize(body.CapCategory, Cap.Categories);
        if (category is null)
        {
            errors.Add("capCategory", $"capCategory is one of the CAP 1.2 categories: {string.Join(", ", Cap.Categories)}.");
        }

        var steps = new List<SopStep>();
        var given = body.Steps ?? [];
        if (given.Count > IncidentType.MaxSteps)
        {
            errors.Add("steps", $"A procedure has at most {IncidentType.MaxSteps} steps.");
            given = [];
        }

        var known = (await departments.ListAsync(jurisdiction, cancellationToken)).Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < given.Count; i++)
        {
            var field = $"steps[{i}]";
            if (given[i] is not { } step)
            {
                errors.Add(field, "A step is an object with titleVi, titleEn, owner and deadlineMinutes.");
                continue;
            }

            var titleVi = Required(errors, field + ".titleVi", step.TitleVi, SopStep.TitleMaxLength);
            var titleEn = Required(errors, field + ".titleEn", step.TitleEn, SopStep.TitleMaxLength);
            var owner = step.Owner?.Trim() ?? string.Empty;
            StepOwnerKind kind;
            string ownerCode;
            if (owner.StartsWith(RolePrefix, StringComparison.OrdinalIgnoreCase))
            {
                kind = StepOwnerKind.Role;
                if (!Roles.TryNormalize(owner[RolePrefix.Length..], out ownerCode))
                {
                    errors.Add(field + ".owner", $"'{owner}' names no role; roles are {string.Join(", ", Roles.All)}.");
                }
            }
            else
            {
                kind = StepOwnerKind.Department;
                ownerCode = owner.ToUpperInvariant();
                if (!known.Contains(ownerCode))
                {
                    errors.Add(field + ".owner", $"'{owner}' is not a department of jurisdiction {jurisdiction}; give a department code or role:Operator.");
                }
            }

            if (step.DeadlineMinutes is not (> 0 and <= SopStep.MaxDeadlineMinutes))
            {
                errors.Add(field + ".deadlineMinutes", $"deadlineMinutes is a whole number from 1 to {SopStep.MaxDeadlineMinutes} (30 days) after the incident opens.");
            }

            steps.Add(new SopStep { TitleVi = titleVi, TitleEn = titleEn, OwnerKind = kind, OwnerCode = ownerCode, DeadlineMinutes = step.DeadlineMinutes ?? 0 });
        }

        return errors.IsEmpty ? (new IncidentTypeContent(code, nameVi, nameEn, category!, steps), errors) : (null, errors);
    }

    public static string OwnerText(StepOwnerKind kind, string code) => kind == StepOwnerKind.Role ? RolePrefix + code : code;

    public static string Required(FieldErrors errors, string field, string? text, int max)
    {
        var value = text?.Trim() ?? string.Empty;
        if (value.Length == 0)
        {
            errors.Add(field, $"{field} is required.");
        }
        else if (value.Length > max)
        {
            errors.Add(field, $"{field} is at most {max} characters.");
        }

        return value;
    }
}

/// <summary>
/// The incident types and their procedures under <c>/api/v1/incidents/types</c>: operators read them (the form's type
/// list), administrators write them.
/// </summary>
internal static class IncidentTypeEndpoints
{
    public static void MapIncidentTypes(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/incidents/types").WithTags("Incidents: types and procedures");
        group.MapGet(string.Empty, List).RequireAuthorization(Policies.Operator).WithName("ListIncidentTypes");
        group.MapGet("/{code}", Get).RequireAuthorization(Policies.Operator).WithName("GetIncidentType");
        group.MapPost(string.Empty, Create).RequireAuthorization(Policies.Administrator).WithName("CreateIncidentType");
        group.MapPut("/{code}", Update).RequireAuthorization(Policies.Administrator).WithName("UpdateIncidentType");
        group.MapDelete("/{code}", Retire).RequireAuthorization(Policies.Administrator).WithName("RetireIncidentType");
    }

    private static async Task<Results<Ok<PagedList<IncidentTypeDto>>, ForbidHttpResult>> List(
        string? jurisdiction, ClaimsPrincipal actor, IncidentsDbContext db, CancellationToken cancellationToken)
    {
        if (ActorScope.WorkingJurisdiction(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var types = await db.Types.AsNoTracking().Where(t => t.JurisdictionCode == j).OrderBy(t => t.Code).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<IncidentTypeDto>(types.Select(IncidentTypeDto.From).ToList(), types.Count, null));
    }

    private static async Task<Results<Ok<IncidentTypeDto>, ProblemHttpResult, ForbidHttpResult>> Get(
        string code, string? jurisdiction, ClaimsPrincipal actor, IncidentsDbContext db, CancellationToken cancellationToken)
    {
        if (ActorScope.WorkingJurisdiction(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var type = await db.Types.AsNoTracking().FirstOrDefaultAsync(t => t.JurisdictionCode == j && t.Code == code, cancellationToken);
        return type is null ? NotFound(code) : TypedResults.Ok(IncidentTypeDto.From(type));
    }

    private static async Task<Results<Created<IncidentTypeDto>, ValidationProblem, ProblemHttpResult, ForbidHttpResult>> Create(
        IncidentTypeRequest? body, string? jurisdiction, ClaimsPrincipal actor, IncidentsDbContext db, IncidentTypeRules rules, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (ActorScope.WorkingJurisdiction(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var (content, errors) = await rules.CheckAsync(j, body, cancellationToken);
        if (content is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        if (await db.Types.AnyAsync(t => t.JurisdictionCode == j && t.Code == content.Code, cancellationToken))
        {
            return TypedResults.Problem(type: ProblemTypes.Conflict, title: "Conflict", statusCode: StatusCodes.Status409Conflict, detail: $"Jurisdiction {j} already has an incident type '{content.Code}'.");
        }

        var type = IncidentType.Create(j, content, clock.GetUtcNow());
        db.Types.Add(type);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/incidents/types/{type.Code}", IncidentTypeDto.From(type));
    }

    private static async Task<Results<Ok<IncidentTypeDto>, ValidationProblem, ProblemHttpResult, ForbidHttpResult>> Update(
        string code, IncidentTypeRequest? body, string? jurisdiction, ClaimsPrincipal actor, IncidentsDbContext db, IncidentTypeRules rules, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (ActorScope.WorkingJurisdiction(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var type = await db.Types.FirstOrDefaultAsync(t => t.JurisdictionCode == j && t.Code == code, cancellationToken);
        if (type is null)
        {
            return NotFound(code);
        }

        var (content, errors) = await rules.CheckAsync(j, body is null ? null : body with { Code = body.Code ?? code }, cancellationToken);
        if (content is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        type.Revise(content, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(IncidentTypeDto.From(type));
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ForbidHttpResult>> Retire(
        string code, string? jurisdiction, ClaimsPrincipal actor, IncidentsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (ActorScope.WorkingJurisdiction(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var type = await db.Types.FirstOrDefaultAsync(t => t.JurisdictionCode == j && t.Code == code, cancellationToken);
        if (type is null)
        {
            return NotFound(code);
        }

        // Retired, not deleted: the incidents of the type keep pointing at it.
        type.Retire(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NotFound(string code) =>
        TypedResults.Problem(type: ProblemTypes.NotFound, title: "Not found", statusCode: StatusCodes.Status404NotFound, detail: $"There is no incident type '{code}'.");
}
