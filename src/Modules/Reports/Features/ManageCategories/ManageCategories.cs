using System.Net.Mail;
using System.Security.Claims;
using Mekong.Modules.Access.Contracts;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Features.CaseWork;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Reports.Features.ManageCategories;

internal sealed record AttributeValueInput(string? Key, string? NameVi, string? NameEn);

/// <summary>An attribute: <c>datatype</c> is one of Open311's string, number, datetime, text, singlevaluelist, multivaluelist.</summary>
internal sealed record AttributeInput(string? Code, string? Datatype, bool Required, int? Order, string? DescriptionVi, string? DescriptionEn, IReadOnlyList<AttributeValueInput>? Values, bool Variable = true);

/// <summary>
/// A category as an administrator writes it. <c>responsibleKind</c> is commune (the commune's People's Committee),
/// department (<c>responsibleCode</c> its code) or outside_body (its name, and <c>outsideContact</c> an e-mail address or
/// an http(s) webhook URL). <c>jurisdiction</c> only for an installation administrator.
/// </summary>
internal sealed record CategoryInput(
    string? Code,
    string? NameVi,
    string? NameEn,
    string? DescriptionVi,
    string? DescriptionEn,
    string? Group,
    IReadOnlyList<string>? Keywords,
    string? ResponsibleKind,
    string? ResponsibleCode,
    string? OutsideContact,
    int? DeadlineHours,
    bool IsPublic,
    bool IsEmergency,
    IReadOnlyList<AttributeInput>? Attributes,
    string? Jurisdiction = null);

internal sealed record CategoryResponse(
    Guid Id, string Jurisdiction, string Code, string NameVi, string NameEn, string DescriptionVi, string DescriptionEn, string Group,
    IReadOnlyList<string> Keywords, string ResponsibleKind, string ResponsibleCode, string? OutsideContact, int DeadlineHours,
    bool IsPublic, bool IsEmergency, bool IsActive, IReadOnlyList<AttributeInput> Attributes, DateTimeOffset UpdatedAt)
{
    public static CategoryResponse Of(ServiceCategory c) => new(
        c.Id, c.JurisdictionCode, c.Code, c.NameVi, c.NameEn, c.DescriptionVi, c.DescriptionEn, c.Group, c.Keywords, c.ResponsibleKind.Code(),
        c.ResponsibleCode, c.OutsideContact, c.DeadlineHours, c.IsPublic, c.IsEmergency, c.IsActive,
        c.Attributes.Select(a => new AttributeInput(a.Code, a.DataType.Open311Name(), a.Required, a.Order, a.DescriptionVi, a.DescriptionEn,
            a.Values.Select(v => new AttributeValueInput(v.Key, v.NameVi, v.NameEn)).ToList(), a.Variable)).ToList(),
        c.UpdatedAt);
}

/// <summary>Checks an administrator's category field by field and builds it (the rules of <see cref="ServiceCategory.Define"/> behind).</summary>
internal sealed class CategoryDefinitions(IDepartmentDirectory departments, TimeProvider clock)
{
    public const int MaxAttributes = 30;

    public async Task<(ServiceCategory? Category, FieldErrors Errors)> BuildAsync(string jurisdiction, string code, CategoryInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.NameVi) || input.NameVi.Trim().Length > ServiceCategory.NameMaxLength || input.NameVi.Any(char.IsControl))
        {
            errors.Add("nameVi", $"nameVi (the Vietnamese name) has 1 to {ServiceCategory.NameMaxLength} characters on one line.");
        }

        if (input.NameEn?.Trim().Length > ServiceCategory.NameMaxLength || (input.NameEn?.Any(char.IsControl) ?? false))
        {
            errors.Add("nameEn", $"nameEn has at most {ServiceCategory.NameMaxLength} characters on one line.");
        }

        if (input.DescriptionVi?.Length > ServiceCategory.DescriptionMaxLength || input.DescriptionEn?.Length > ServiceCategory.DescriptionMaxLength)
        {
            errors.Add(input.DescriptionVi?.Length > ServiceCategory.DescriptionMaxLength ? "descriptionVi" : "descriptionEn", $"A description has at most {ServiceCategory.DescriptionMaxLength} characters.");
        }

        if (input.Group?.Trim().Length > 100)
        {
            errors.Add("group", "group has at most 100 characters.");
        }

        var keywords = input.Keywords ?? [];
        if (keywords.Count > 30 || keywords.Any(k => k.Length > 50))
        {
            errors.Add("keywords", "At most 30 keywords of at most 50 characters.");
        }

        if (input.DeadlineHours is not (>= 1 and <= 24 * 365))
        {
            errors.Add("deadlineHours", "deadlineHours (the legal handling time) is 1 to 8760 hours.");
        }

        ResponsibleUnit? unit = null;
        var responsibleCode = input.ResponsibleCode?.Trim() ?? string.Empty;
        if (!CaseMapping.TryParseKind(input.ResponsibleKind, out var kind))
        {
            errors.Add("responsibleKind", "responsibleKind is commune, department or outside_body.");
        }
        else if (kind == ResponsibleKind.Department)
        {
            if (responsibleCode.Length == 0 || await departments.FindAsync(jurisdiction, responsibleCode, cancellationToken) is null)
            {
                errors.Add("responsibleCode", $"responsibleCode is the code of a department of jurisdiction {jurisdiction} ('{Shorten(responsibleCode)}' is not).");
            }

            unit = new ResponsibleUnit(kind, responsibleCode);
        }
        else if (kind == ResponsibleKind.OutsideBody)
        {
            if (responsibleCode.Length is 0 or > 100 || responsibleCode.Any(char.IsControl))
            {
                errors.Add("responsibleCode", "responsibleCode is the outside body's name (1 to 100 characters).");
            }

            unit = new ResponsibleUnit(kind, responsibleCode);
        }
        else
        {
            unit = new ResponsibleUnit(kind, string.Empty);
        }

        var contact = string.IsNullOrWhiteSpace(input.OutsideContact) ? null : input.OutsideContact.Trim();
        if (contact is not null && (contact.Length > 254 || !(IsEmail(contact) || IsWebhook(contact))))
        {
            errors.Add("outsideContact", "outsideContact is an e-mail address or an absolute http(s) webhook URL of at most 254 characters.");
        }
        else if (kind == ResponsibleKind.OutsideBody && contact is null)
        {
            errors.Add("outsideContact", "An outside body is reached by e-mail or webhook: outsideContact is required.");
        }
        else if (kind != ResponsibleKind.OutsideBody && contact is not null)
        {
            errors.Add("outsideContact", "Only an outside body has an outsideContact.");
        }

        var attributes = new List<ServiceAttribute>();
        var inputs = input.Attributes ?? [];
        if (inputs.Count > MaxAttributes)
        {
            errors.Add("attributes", $"At most {MaxAttributes} attributes.");
        }

        for (var i = 0; i < inputs.Count && i < MaxAttributes; i++)
        {
            var a = inputs[i];
            var field = $"attributes[{i}]";
            var type = Enum.GetValues<AttributeDataType>().Where(t => t.Open311Name() == a.Datatype?.Trim().ToLowerInvariant()).Cast<AttributeDataType?>().FirstOrDefault();
            if (type is null)
            {
                errors.Add(field + ".datatype", "datatype is string, number, datetime, text, singlevaluelist or multivaluelist.");
                continue;
            }

            var values = (a.Values ?? []).Select(v => new AttributeValue(v.Key?.Trim() ?? string.Empty, v.NameVi?.Trim() ?? string.Empty, string.IsNullOrWhiteSpace(v.NameEn) ? v.NameVi?.Trim() ?? string.Empty : v.NameEn.Trim())).ToList();
            if (values.Any(v => v.NameVi.Length is 0 or > 200))
            {
                errors.Add(field + ".values", "Every value has a Vietnamese name of 1 to 200 characters.");
                continue;
            }

            var attribute = new ServiceAttribute(a.Code?.Trim() ?? string.Empty, type.Value, a.Required, a.Order ?? i + 1, a.DescriptionVi?.Trim() ?? string.Empty,
                string.IsNullOrWhiteSpace(a.DescriptionEn) ? a.DescriptionVi?.Trim() ?? string.Empty : a.DescriptionEn.Trim(), values, a.Variable);
            if (attribute.DefinitionProblem() is { } problem)
            {
                errors.Add(field, problem);
                continue;
            }

            attributes.Add(attribute);
        }

        if (attributes.Select(a => a.Code).Distinct(StringComparer.Ordinal).Count() != attributes.Count || attributes.Select(a => a.Order).Distinct().Count() != attributes.Count)
        {
            errors.Add("attributes", "Attribute codes and orders are distinct within a category.");
        }

        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        try
        {
            return (ServiceCategory.Define(jurisdiction, code, input.NameVi!, input.NameEn ?? string.Empty, input.Group ?? string.Empty, unit, input.DeadlineHours!.Value, clock,
                input.DescriptionVi, input.DescriptionEn, keywords, attributes, input.IsPublic, input.IsEmergency, contact), errors);
        }
        catch (DomainException refused)
        {
            return (null, errors.Add("code", refused.Message));
        }
    }

    private static bool IsEmail(string value) => MailAddress.TryCreate(value, out var parsed) && parsed.Address == value;

    private static bool IsWebhook(string value) => Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    public static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

/// <summary>Creates a category: <c>POST /api/v1/admin/report-categories</c> and the admin page.</summary>
internal sealed class CreateCategoryHandler(ReportsDbContext db, CategoryDefinitions definitions, CategoryCatalog catalog)
{
    public async Task<(CategoryResponse? Created, FieldErrors Errors)> HandleAsync(CategoryInput input, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var jurisdiction = CategoryScope.JurisdictionFor(actor, input.Jurisdiction, errors);
        var code = input.Code?.Trim() ?? string.Empty;
        if (code.Length is 0 or > ServiceCategory.CodeMaxLength || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            errors.Add("code", $"code (the Open311 service_code) is 1 to {ServiceCategory.CodeMaxLength} letters, digits, '_' or '-'.");
        }
        else if (jurisdiction is not null && await db.Categories.AnyAsync(c => c.JurisdictionCode == jurisdiction && c.Code == code, cancellationToken))
        {
            errors.Add("code", $"Jurisdiction {jurisdiction} already has a category '{code}'.");
        }

        if (jurisdiction is null || !errors.IsEmpty)
        {
            // Report every field at once: check the rest too.
            if (jurisdiction is not null)
            {
                var (_, more) = await definitions.BuildAsync(jurisdiction, "x", input, cancellationToken);
                foreach (var (field, messages) in more.ToDictionary())
                {
                    foreach (var message in messages)
                    {
                        errors.Add(field, message);
                    }
                }
            }

            return (null, errors);
        }

        var (category, buildErrors) = await definitions.BuildAsync(jurisdiction, code, input, cancellationToken);
        if (category is null)
        {
            return (null, buildErrors);
        }

        db.Categories.Add(category);
        await db.SaveChangesAsync(cancellationToken);
        catalog.Forget(category.JurisdictionCode);
        return (CategoryResponse.Of(category), errors);
    }
}

/// <summary>Edits a category (its code stays): <c>PUT /api/v1/admin/report-categories/{id}</c> and the admin page.</summary>
internal sealed class UpdateCategoryHandler(ReportsDbContext db, CategoryDefinitions definitions, CategoryCatalog catalog, TimeProvider clock)
{
    public async Task<(CategoryResponse? Updated, FieldErrors Errors)> HandleAsync(Guid id, CategoryInput input, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var category = await CategoryScope.LoadAsync(db, id, actor, cancellationToken);
        var (changed, errors) = await definitions.BuildAsync(category.JurisdictionCode, category.Code, input, cancellationToken);
        if (changed is null)
        {
            return (null, errors);
        }

        category.Update(changed, clock);
        await db.SaveChangesAsync(cancellationToken);
        catalog.Forget(category.JurisdictionCode);
        return (CategoryResponse.Of(category), errors);
    }
}

/// <summary>Stops (or restarts) a category taking reports; its reports stay. <c>POST .../{id}/deactivate</c>, <c>.../activate</c>.</summary>
internal sealed class DeactivateCategoryHandler(ReportsDbContext db, CategoryCatalog catalog, TimeProvider clock)
{
    public async Task<CategoryResponse> HandleAsync(Guid id, bool active, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var category = await CategoryScope.LoadAsync(db, id, actor, cancellationToken);
        if (active)
        {
            category.Activate(clock);
        }
        else
        {
            category.Deactivate(clock);
        }

        await db.SaveChangesAsync(cancellationToken);
        catalog.Forget(category.JurisdictionCode);
        return CategoryResponse.Of(category);
    }
}

internal static class CategoryScope
{
    /// <summary>The administrator's own jurisdiction; an installation administrator names one.</summary>
    public static string? JurisdictionFor(ClaimsPrincipal actor, string? requested, FieldErrors errors)
    {
        if (ActorScope.IsInstallationAdministrator(actor))
        {
            if (string.IsNullOrWhiteSpace(requested))
            {
                errors.Add("jurisdiction", "An installation administrator names the jurisdiction of the category.");
                return null;
            }

            return requested.Trim();
        }

        var own = ActorScope.JurisdictionOf(actor);
        if (!string.IsNullOrWhiteSpace(requested) && requested.Trim() != own)
        {
            errors.Add("jurisdiction", "You may only manage the categories of your own jurisdiction.");
            return null;
        }

        return own;
    }

    public static async Task<ServiceCategory> LoadAsync(ReportsDbContext db, Guid id, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var category = await db.Categories.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (category is null || !ActorScope.CanAccess(actor, category.JurisdictionCode))
        {
            throw DomainException.NotFound($"There is no report category {id}.");
        }

        return category;
    }

    public static IQueryable<ServiceCategory> Visible(ReportsDbContext db, ClaimsPrincipal actor)
    {
        var categories = db.Categories.AsNoTracking();
        return ActorScope.IsInstallationAdministrator(actor) ? categories : categories.Where(c => c.JurisdictionCode == ActorScope.JurisdictionOf(actor));
    }
}
