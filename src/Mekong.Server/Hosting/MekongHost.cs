using System.Net;
using System.Text.Json;
using Mekong.Modules.Access;
using Mekong.Platform;
using Mekong.Platform.Configuration;
using Mekong.Platform.Http;
using Mekong.Platform.Modules;
using Mekong.Platform.Secrets;
using Mekong.Platform.Storage;
using Mekong.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Mekong.Server.Hosting;

/// <summary>The composition root: which modules make up Mekong and how a request flows through it.</summary>
internal static class MekongHost
{
    public const string MetricsPolicy = "mekong:metrics";

    public static WebApplication Build(string[] args) => Build(args, ModuleTable.Modules);

    public static WebApplication Build(string[] args, IReadOnlyList<MekongModule> modules)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot(args) });
        // Static assets of the UI libraries are served from the build output in every environment, so that
        // 'dotnet run' works the same in Production as in Development.
        builder.WebHost.UseStaticWebAssets();
        builder.Host.UseDefaultServiceProvider(o =>
        {
            o.ValidateScopes = true;
            o.ValidateOnBuild = true;
        });
        builder.Host.ConfigureHostOptions(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));

        var services = builder.Services;
        var configuration = builder.Configuration;
        // Owner-only (0700, umask 077) before anything writes into it: database, key ring, uploads, files.
        var dataDirectory = PrivateDataDirectory.Prepare(configuration);
        services.AddMekongPlatform(configuration);
        // Cookie, antiforgery and secret keys live under the data directory so they survive restarts, encrypted with a
        // certificate; several nodes share keys and certificate (Mekong:DataProtection, docs/operations.md).
        services.AddMekongDataProtection(configuration, dataDirectory);
        services.AddModules(modules, configuration);
        services.AddWebShell(configuration);

        services.AddSingleton<StartupRunner>();
        services.AddHostedService<StartupHostedService>();
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Mekong IOC API";
            document.Info.Description = "Open API of the Mekong Intelligent Operations Centre. Errors are RFC 9457 problem details. Systems authenticate with the X-Api-Key header.";
            return Task.CompletedTask;
        }));
        services.AddAuthorizationBuilder().AddPolicy(MetricsPolicy, p => p.RequireAssertion(context =>
            context.Resource is HttpContext http && IPAddress.IsLoopback(http.Connection.RemoteIpAddress ?? IPAddress.None)
            || context.User.IsInRole(Mekong.Platform.Auth.Roles.Administrator) || context.User.IsInRole(Mekong.Platform.Auth.Roles.Operator)));
        var telemetry = services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter("System.Runtime", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.EntityFrameworkCore", "Npgsql", "Mekong")
                .AddPrometheusExporter());
        // Traces are recorded only when they can leave the process, to an OTLP collector (OTEL_EXPORTER_OTLP_ENDPOINT):
        // a tracer with nowhere to send them still built an activity for every request and database command.
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddSource("Mekong", "Npgsql").AddOtlpExporter());
        }

        var app = builder.Build();
        Configure(app);
        return app;
    }

    private static void Configure(WebApplication app)
    {
        // First: everything after it sees the client's address, scheme and host (Mekong:ReverseProxy).
        app.UseMekongForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMekongRequestChecks();
        app.UseNotFoundPageForBrowsers();
        if (!app.Environment.IsDevelopment())
        {
            // HSTS is only ever sent over HTTPS. Redirecting needs to know the HTTPS port: an https:// URL of
            // our own or the https_port setting (behind a TLS-terminating proxy, set it to 443).
            app.UseHsts();
            if (ServesHttps(app.Configuration))
            {
                // Load balancers probe each node's health over plain HTTP: answer them, don't redirect.
                app.UseWhen(context => !context.Request.Path.StartsWithSegments("/health"), branch => branch.UseHttpsRedirection());
            }
        }

        app.UseCorrelationId();
        app.UseMekongSecurityHeaders();
        app.UseRequestLocalization(WebShell.Localization());
        app.UseRouting();
        app.UseMekongAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealth }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteHealth }).AllowAnonymous();
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(MetricsPolicy);
        ApiDocs.MapDocument(app).AllowAnonymous();
        ApiDocs.Map(app).AllowAnonymous();

        app.MapModules();
        app.MapWebShell();
    }

    /// <summary>
    /// 'dotnet run --project src/Mekong.Server' runs from the repository root, where there is no appsettings.json:
    /// then the settings next to the program are the ones meant. An explicit --contentRoot wins.
    /// </summary>
    private static string? ContentRoot(string[] args)
    {
        if (args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase)) || File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json")))
        {
            return null;
        }

        return AppContext.BaseDirectory;
    }

    private static bool ServesHttps(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["https_port"])
        || (configuration["urls"] ?? string.Empty).Contains("https://", StringComparison.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (OptionsValidationException ex)
        {
            return Fail(ex.Failures);
        }
        catch (InvalidOperationException ex) when (NamesASetting(ex))
        {
            // E.g. the binder cannot convert Mekong:Database:Provider=Oracle: it throws before the validator can say so.
            return Fail([ex.Message]);
        }

        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            return Fail(ex.Failures);
        }
        catch (InvalidOperationException ex) when (NamesASetting(ex))
        {
            return Fail([ex.Message]);
        }
        catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            // Another program (or a second Mekong) holds the port: say which setting moves us, not a stack trace.
            return Fail([$"{ex.Message} Another program is listening there; choose another address with --urls (or the 'urls' setting), e.g. --urls http://localhost:5081."]);
        }
    }

    internal static bool NamesASetting(InvalidOperationException ex) =>
        ex.Message.Contains("Mekong:", StringComparison.Ordinal) || ex.Message.Contains("ConnectionStrings:", StringComparison.Ordinal);

    internal static int Fail(IEnumerable<string> messages)
    {
        Console.Error.WriteLine("Mekong cannot start; fix the configuration:");
        foreach (var message in messages)
        {
            Console.Error.WriteLine("  - " + message);
        }

        return 1;
    }

    private static Task WriteHealth(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
