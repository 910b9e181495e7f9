using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mekong.Platform.Errors;

public static class ProblemDetailsSetup
{
    /// <summary>RFC 9457 everywhere: status-code pages, exceptions and domain rules all answer with problem details that carry a stable type and the request's correlation id.</summary>
    public static IServiceCollection AddMekongProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Type = problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org", StringComparison.Ordinal)
                ? TypeFor(problem.Status)
                : problem.Type;
            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions["correlationId"] = context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<DomainExceptionHandler>();
        // A body or parameter that cannot be read (malformed JSON, a number where text belongs) raises
        // BadHttpRequestException in every environment, so the 400 says what was wrong instead of a bare "Bad Request".
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static string TypeFor(int? status) => status switch
    {
        StatusCodes.Status400BadRequest => ProblemTypes.BadRequest,
        StatusCodes.Status401Unauthorized => ProblemTypes.Unauthorized,
        StatusCodes.Status403Forbidden => ProblemTypes.Forbidden,
        StatusCodes.Status404NotFound => ProblemTypes.NotFound,
        StatusCodes.Status405MethodNotAllowed => ProblemTypes.MethodNotAllowed,
        StatusCodes.Status409Conflict => ProblemTypes.Conflict,
        StatusCodes.Status413PayloadTooLarge => ProblemTypes.PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => ProblemTypes.UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => ProblemTypes.RateLimited,
        _ => ProblemTypes.Internal,
    };
}

/// <summary>Maps what a user can cause (a domain rule, a malformed request) to a 4xx problem; anything else stays a logged 500.</summary>
internal sealed class DomainExceptionHandler(IProblemDetailsService problems, ILogger<DomainExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            DomainException domain => new ProblemDetails { Type = domain.Type, Title = domain.Title, Detail = domain.Message, Status = domain.Status },
            BadHttpRequestException bad => BadRequest(bad),
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception on {Path}", httpContext.Request.Path);
            return false;
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// A body that could not be read. When the JSON reader says where (<c>$.email</c>), the problem names that field
    /// in <c>errors</c>, as a validation problem would; a too-large body is 413 with its own type.
    /// </summary>
    private static ProblemDetails BadRequest(BadHttpRequestException bad)
    {
        var problem = new ProblemDetails
        {
            Type = bad.StatusCode == StatusCodes.Status400BadRequest ? ProblemTypes.BadRequest : ProblemDetailsSetup.TypeFor(bad.StatusCode),
            Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Payload too large" : "Bad request",
            Detail = bad.Message,
            Status = bad.StatusCode,
        };
        if (bad.InnerException is System.Text.Json.JsonException { Path: { Length: > 0 } path } json)
        {
            var field = JsonField(path);
            problem.Detail = field.Length > 0
                ? $"{bad.Message} The value of '{field}' is not of the expected type or is malformed (at {path}, line {json.LineNumber + 1})."
                : $"{bad.Message} The JSON is malformed at line {json.LineNumber + 1}.";
            if (field.Length > 0)
            {
                problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [$"'{field}' has a value of the wrong type."] };
            }
        }

        return problem;
    }

    /// <summary><c>$.email</c> → <c>email</c>; <c>$.items[2].name</c> → <c>items[2].name</c>; <c>$['odd key']</c> → <c>odd key</c>.</summary>
    internal static string JsonField(string path)
    {
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        if (field.StartsWith("['", StringComparison.Ordinal) && field.EndsWith("']", StringComparison.Ordinal))
        {
            field = field[2..^2];
        }

        return field;
    }
}
