using System.Security.Claims;
using Mekong.Modules.Reports.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Reports.Features.ManageCategories;

/// <summary>Category administration under <c>/api/v1/admin/report-categories</c> (policy Administrator, own jurisdiction).</summary>
internal static class CategoryEndpoints
{
    public static IEndpointRouteBuilder MapCategoryAdmin(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin/report-categories").WithTags("Administration").RequireAuthorization(Policies.Administrator);
        api.MapGet("/", List).WithName("ListReportCategories");
        api.MapGet("/{id:guid}", Get).WithName("GetReportCategory").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/", Create).WithName("CreateReportCategory");
        api.MapPut("/{id:guid}", Update).WithName("UpdateReportCategory").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/deactivate", (Guid id, ClaimsPrincipal user, DeactivateCategoryHandler h, CancellationToken ct) => SetActive(id, false, user, h, ct))
            .WithName("DeactivateReportCategory").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/activate", (Guid id, ClaimsPrincipal user, DeactivateCategoryHandler h, CancellationToken ct) => SetActive(id, true, user, h, ct))
            .WithName("ActivateReportCategory").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<PagedList<CategoryResponse>>> List(ClaimsPrincipal user, ReportsDbContext db, CancellationToken cancellationToken)
    {
        var categories = await CategoryScope.Visible(db, user).OrderBy(c => c.JurisdictionCode).ThenBy(c => c.Code).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<CategoryResponse>(categories.Select(CategoryResponse.Of).ToList(), categories.Count, null));
    }

    private static async Task<Ok<CategoryResponse>> Get(Guid id, ClaimsPrincipal user, ReportsDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(CategoryResponse.Of(await CategoryScope.LoadAsync(db, id, user, cancellationToken)));

    private static async Task<Results<Created<CategoryResponse>, ValidationProblem>> Create(CategoryInput body, ClaimsPrincipal user, CreateCategoryHandler handler, CancellationToken cancellationToken)
    {
        var (created, errors) = await handler.HandleAsync(body, user, cancellationToken);
        return created is null ? Invalid(errors) : TypedResults.Created($"/api/v1/admin/report-categories/{created.Id}", created);
    }

    private static async Task<Results<Ok<CategoryResponse>, ValidationProblem>> Update(Guid id, CategoryInput body, ClaimsPrincipal user, UpdateCategoryHandler handler, CancellationToken cancellationToken)
    {
        var (updated, errors) = await handler.HandleAsync(id, body, user, cancellationToken);
        return updated is null ? Invalid(errors) : TypedResults.Ok(updated);
    }

    private static async Task<Ok<CategoryResponse>> SetActive(Guid id, bool active, ClaimsPrincipal user, DeactivateCategoryHandler handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.HandleAsync(id, active, user, cancellationToken));

    private static ValidationProblem Invalid(FieldErrors errors) => TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
}
