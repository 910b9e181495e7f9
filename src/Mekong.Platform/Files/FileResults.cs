using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Mekong.Platform.Files;

/// <summary>
/// What a module's endpoint returns for a stored file, after its own policy check (there is deliberately no endpoint
/// that serves any hash): <c>group.MapGet("/reports/{id}/photos/{hash}", async (…) => { check; return await FileResults.ServeAsync(store, owner, hash, ct); })</c>.
/// The hash is the ETag, the response is immutable (a changed file has a new hash), <c>If-None-Match</c> gives 304
/// and <c>Range</c> is honoured.
/// </summary>
public static class FileResults
{
    /// <summary>Stable problem type of a refused upload (status 413, 415 or 422 says which way).</summary>
    public const string RejectedType = "/problems/file-rejected";

    public const string CacheControl = "private, max-age=31536000, immutable";

    public static async Task<IResult> ServeAsync(IFileStore store, FileOwner owner, string hash, CancellationToken cancellationToken)
    {
        var file = await store.OpenAsync(owner, hash, cancellationToken);
        if (file is null)
        {
            return Problem.NotFound("File not found", "There is no such file here.");
        }

        var result = TypedResults.Stream(file.Content, file.ContentType, entityTag: new EntityTagHeaderValue($"\"{file.Hash}\""), enableRangeProcessing: true);
        return new ImmutableFile(result);
    }

    public static ProblemHttpResult Rejected(FileRejection rejection) => TypedResults.Problem(
        type: RejectedType,
        title: "File refused",
        detail: rejection.Detail,
        statusCode: rejection.Reason switch
        {
            FileRejectionReason.TooLarge => StatusCodes.Status413PayloadTooLarge,
            FileRejectionReason.TypeNotAllowed => StatusCodes.Status415UnsupportedMediaType,
            _ => StatusCodes.Status422UnprocessableEntity,
        },
        extensions: new Dictionary<string, object?> { ["reason"] = rejection.Reason.ToString() });

    private sealed class ImmutableFile(FileStreamHttpResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.CacheControl = CacheControl;
            httpContext.Response.Headers.XContentTypeOptions = "nosniff";
            httpContext.Response.Headers.ContentDisposition = "inline";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
