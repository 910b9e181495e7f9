using System.Security.Claims;
using Mekong.Modules.Cameras.Features.Registry;
using Mekong.Modules.Cameras.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Cameras.Features.ImportExport;

/// <summary>
/// <c>POST /api/v1/cameras/import?dryRun=true</c> (Administrator; the body is the CSV or GeoJSON file) and
/// <c>GET /api/v1/cameras/export.csv|export.geojson</c> (Viewer): exports carry no credentials.
/// </summary>
internal static class ImportExportEndpoints
{
    public const long MaxBytes = 20 * 1024 * 1024;

    public static RouteGroupBuilder MapCameraImportExport(this RouteGroupBuilder api)
    {
        api.MapPost("/import", Import).RequireAuthorization(Policies.Administrator).WithName("ImportCameras")
            .Accepts<string>("text/csv", "application/geo+json", "application/json").ProducesValidationProblem();
        api.MapGet("/export.csv", ExportCsv).WithName("ExportCamerasCsv");
        api.MapGet("/export.geojson", ExportGeoJson).WithName("ExportCamerasGeoJson");
        return api;
    }

    private static async Task<Results<Ok<ImportReport>, UnprocessableEntity<ImportReport>, ValidationProblem>> Import(
        HttpRequest request, ClaimsPrincipal user, bool? dryRun, string? jurisdiction, CameraImporter importer, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var code = CameraRegistry.JurisdictionFor(user, CameraInput.Blank(jurisdiction), errors);
        if (request.ContentLength > MaxBytes)
        {
            errors.Add("body", $"The file is larger than {MaxBytes / 1024 / 1024} MB.");
        }

        if (!errors.IsEmpty || code is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > MaxBytes)
        {
            errors.Add("body", $"The file is larger than {MaxBytes / 1024 / 1024} MB.");
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var bytes = buffer.ToArray();
        var (rows, fileProblem) = CameraImporter.Read(bytes, CameraImporter.LooksLikeGeoJson(null, request.ContentType, bytes));
        var report = fileProblem is not null
            ? new ImportReport(dryRun == true, 0, 0, 0, [], fileProblem)
            : await importer.ImportAsync(code, rows, dryRun == true, cancellationToken);
        // A file that is not a camera list at all is the request's mistake (a 400 problem naming it); a list with bad
        // rows is the 422 report of every bad row by its line.
        if (report.FileProblem is { } notACameraList)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [notACameraList] }, type: ProblemTypes.Validation);
        }

        return report.Ok ? TypedResults.Ok(report) : TypedResults.UnprocessableEntity(report);
    }

    private static async Task ExportCsv(HttpContext http, ClaimsPrincipal user, CamerasDbContext db, CancellationToken cancellationToken)
    {
        var cameras = await CameraEndpoints.Visible(db, user).OrderBy(c => c.JurisdictionCode).ThenBy(c => c.Code).ToListAsync(cancellationToken);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"cameras.csv\"";
        // Written in memory first: the response stream takes only asynchronous writes.
        await using var text = new StringWriter();
        CameraFile.WriteCsv(text, cameras);
        await http.Response.WriteAsync(text.ToString(), CameraFile.Utf8, cancellationToken);
    }

    private static async Task ExportGeoJson(HttpContext http, ClaimsPrincipal user, CamerasDbContext db, CancellationToken cancellationToken)
    {
        var cameras = await CameraEndpoints.Visible(db, user).OrderBy(c => c.JurisdictionCode).ThenBy(c => c.Code).ToListAsync(cancellationToken);
        http.Response.ContentType = "application/geo+json";
        await CameraFile.WriteGeoJsonAsync(http.Response.Body, cameras, cancellationToken);
    }
}
