using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Platform.Http;

/// <summary>
/// The endpoint filter for form posts that carry an antiforgery token (log-in, log-out, the portal's writes): a post
/// without a valid token, or with a form that cannot even be read, is a 400 problem, never a 500.
/// Use with <c>.DisableAntiforgery().AddEndpointFilter(FormAntiforgery.Check)</c>.
/// </summary>
public static class FormAntiforgery
{
    public static async ValueTask<object?> Check(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
        bool valid;
        try
        {
            // Reading the token reads the form: a malformed body (multipart without a boundary, a broken encoding) is
            // the client's mistake.
            valid = await antiforgery.IsRequestValidAsync(context.HttpContext);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException or AntiforgeryValidationException or InvalidOperationException)
        {
            return TypedResults.Problem(type: ProblemTypes.BadRequest, title: "Unreadable form", statusCode: StatusCodes.Status400BadRequest,
                detail: "The form could not be read: " + e.Message);
        }

        if (!valid)
        {
            return TypedResults.Problem(type: ProblemTypes.BadRequest, title: "Form expired", statusCode: StatusCodes.Status400BadRequest,
                detail: "The form has expired or did not come from this site. Reload the page and try again.");
        }

        return await next(context);
    }
}
