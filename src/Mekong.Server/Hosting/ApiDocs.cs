using Scalar.AspNetCore;

namespace Mekong.Server.Hosting;

/// <summary>
/// The browsable API reference at <c>/api-docs</c> (Scalar, its script bundled in the package and served by us). An
/// installation often has no internet and must not send its API description anywhere: no web fonts from Scalar's
/// host, none of the buttons for online services (API client, AI agent, MCP, developer tools), no telemetry; the
/// installation's own font and blue.
/// </summary>
internal static class ApiDocs
{
    public const string Path = "/api-docs";

    /// <summary>The OpenAPI document's name (AddOpenApi's default).</summary>
    private const string Document = "v1";

    // The font stack and colours of site.css (Mekong.Web), so that the reference looks like the rest of the installation.
    private const string Css = """
        .scalar-app, .scalar-api-reference, :root {
          --scalar-font: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
          --scalar-font-code: ui-monospace, "DejaVu Sans Mono", monospace;
        }
        .light-mode { --scalar-color-accent: #0b5e8e; --scalar-background-1: #fff; --scalar-background-2: #f5f7f9; }
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
        """;

    /// <summary>The one OpenAPI document, <c>/openapi/v1.json</c>; any other name is a 404 problem, not the generator's line of text.</summary>
    public static IEndpointConventionBuilder MapDocument(IEndpointRouteBuilder app)
    {
        var builder = app.MapOpenApi();
        builder.Add(endpoint =>
        {
            if (endpoint.RequestDelegate is not { } inner)
            {
                return;
            }

            endpoint.RequestDelegate = context =>
            {
                if (!string.Equals(context.Request.RouteValues["documentName"] as string, Document, StringComparison.Ordinal))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound; // the status-code pages write the problem
                    return Task.CompletedTask;
                }

                return inner(context);
            };
        });
        return builder;
    }

    public static IEndpointConventionBuilder Map(IEndpointRouteBuilder app) =>
        app.MapScalarApiReference(Path, o => o
            .WithTitle("Mekong IOC API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts()
            .HideClientButton()
            .DisableAgent()
            .DisableMcp()
            .DisableTelemetry()
            .HideDeveloperTools()
            .WithDotNetFlag(false)
            .ForceLightMode()
            .HideDarkModeToggle()
            .WithCustomCss(Css));
}
