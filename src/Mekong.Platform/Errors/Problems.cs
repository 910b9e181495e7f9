using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mekong.Platform.Errors;

/// <summary>
/// Stable problem <c>type</c> URIs (RFC 9457). Clients may switch on them; never rename one.
/// They are relative references served under <c>/problems/</c>.
/// </summary>
public static class ProblemTypes
{
    public const string Validation = "/problems/validation";
    public const string NotFound = "/problems/not-found";
    public const string Conflict = "/problems/conflict";
    public const string Unauthorized = "/problems/unauthorized";
    public const string Forbidden = "/problems/forbidden";
    public const string RateLimited = "/problems/rate-limited";
    public const string BadRequest = "/problems/bad-request";
    public const string MethodNotAllowed = "/problems/method-not-allowed";
    public const string PayloadTooLarge = "/problems/payload-too-large";
    public const string UnsupportedMediaType = "/problems/unsupported-media-type";
    public const string Internal = "/problems/internal";
}

/// <summary>A rule of the domain said no. Becomes a problem response with the given status, never a 500.</summary>
public sealed class DomainException(string type, string title, string detail, int status = StatusCodes.Status409Conflict)
    : Exception(detail)
{
    public string Type { get; } = type;

    public string Title { get; } = title;

    public int Status { get; } = status;

    public static DomainException NotFound(string detail) => new(ProblemTypes.NotFound, "Not found", detail, StatusCodes.Status404NotFound);

    public static DomainException Conflict(string detail) => new(ProblemTypes.Conflict, "Conflict", detail, StatusCodes.Status409Conflict);

    public static DomainException Invalid(string detail) => new(ProblemTypes.Validation, "Invalid request", detail, StatusCodes.Status400BadRequest);
}

/// <summary>Collects field errors for a validation problem (400 with an <c>errors</c> map).</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
        return this;
    }

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}

/// <summary>Problem results that go through the problem-details service, so they carry the correlation id like every other error.</summary>
public static class Problem
{
    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: title, type: ProblemTypes.NotFound);
}
