using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Mekong.Web;

/// <summary>
/// The framework's own endpoints (Razor pages, the SignalR hubs of the live channel and of Blazor circuits) answer a
/// malformed request with a line of plain text ("Connection ID required", "The request has an incorrect
/// Content-type.") or an empty 405. These checks run first and answer as every other endpoint of ours does, with a
/// problem: an empty 405/415 is turned into one by the status-code pages, the rest is written here.
/// </summary>
internal static class FrameworkEndpointGuards
{
    /// <summary>A page takes a form post (urlencoded or multipart) with a valid antiforgery token, nothing else.</summary>
    public static void GuardPage(EndpointBuilder endpoint)
    {
        if (!endpoint.Metadata.OfType<ComponentTypeMetadata>().Any() || endpoint.RequestDelegate is not { } inner)
        {
            return;
        }

        endpoint.RequestDelegate = async context =>
        {
            if (HttpMethods.IsPost(context.Request.Method))
            {
                // Not Request.HasFormContentType: it throws once the antiforgery check has failed.
                if (!IsForm(context.Request.ContentType))
                {
                    context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                    return;
                }

                if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
                {
                    await WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid form",
                        "The form's antiforgery token is missing or no longer valid: load the page again and send the form from it.");
                    return;
                }
            }

            await inner(context);
        };
    }

    /// <summary>A hub: negotiation is a POST; the connection itself needs the id that negotiation gave.</summary>
    public static void GuardHub(EndpointBuilder endpoint)
    {
        if (endpoint.RequestDelegate is not { } inner || endpoint is not RouteEndpointBuilder route)
        {
            return;
        }

        var negotiate = route.RoutePattern.RawText?.EndsWith("/negotiate", StringComparison.Ordinal) == true;
        endpoint.RequestDelegate = async context =>
        {
            if (negotiate && !HttpMethods.IsPost(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                context.Response.Headers.Allow = "POST";
                return;
            }

            if (!negotiate && string.IsNullOrEmpty(context.Request.Query["id"]))
            {
                await WriteAsync(context, StatusCodes.Status400BadRequest, "No connection id",
                    "Connect through the hub's negotiate endpoint first (POST .../negotiate), then use the id it returns (?id=).");
                return;
            }

            await inner(context);
        };
    }

    private static bool IsForm(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase));

    private static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Type = ProblemTypes.BadRequest, Title = title, Status = status, Detail = detail },
        }).AsTask();
    }
}
