using System.CommandLine;
using Mekong.Modules.Access.Authentication;
using Mekong.Modules.Access.Cli;
using Mekong.Modules.Access.Demo;
using Mekong.Modules.Access.Domain;
using Mekong.Modules.Access.Features.CreateUser;
using Mekong.Modules.Access.Features.IssueApiKey;
using Mekong.Modules.Access.Features.ListApiKeys;
using Mekong.Modules.Access.Features.ListDepartments;
using Mekong.Modules.Access.Features.ListUsers;
using Mekong.Modules.Access.Features.Me;
using Mekong.Modules.Access.Features.RevokeApiKey;
using Mekong.Modules.Access.Features.SetPreferredLanguage;
using Mekong.Modules.Access.Features.SignIn;
using Mekong.Modules.Access.Features.UserDirectory;
using Mekong.Modules.Access.Storage;
using Mekong.Platform;
using Mekong.Platform.Auth;
using Mekong.Platform.Http;
using Mekong.Platform.Cli;
using Mekong.Platform.Configuration;
using Mekong.Platform.Demo;
using Mekong.Platform.Errors;
using Mekong.Platform.Modules;
using Mekong.Platform.Storage;
using Mekong.Platform.Ui;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Access;

/// <summary>
/// Who may do what: users (ASP.NET Core Identity, cookie log-in, optional OpenID Connect), roles, departments and
/// API keys for agencies' systems.
/// </summary>
public static class AccessModule
{
    public const string SmartScheme = "mekong";

    /// <summary>The module's line in the host's module table.</summary>
    public static MekongModule Module { get; } = new("access")
    {
        AddServices = (services, configuration) => services.AddAccessModule(configuration),
        MapEndpoints = app => app.MapAccessEndpoints(),
        Commands = Commands,
    };

    public static IServiceCollection AddAccessModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<AccessDbContext, AccessSqliteDbContext, AccessPostgresDbContext>(configuration, AccessDbContext.Schema);

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SmartScheme;
                options.DefaultChallengeScheme = SmartScheme;
                options.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            // A request with X-Api-Key is a system; anything else is a person with a cookie.
            .AddPolicyScheme(SmartScheme, "Mekong", options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyDefaults.Header) ? ApiKeyDefaults.Scheme : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, _ => { })
            .AddMekongOidc(configuration)
            .AddIdentityCookies();

        services.AddIdentityCore<MekongUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<MekongRole>()
            .AddEntityFrameworkStores<AccessDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<MekongClaimsFactory>();

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = ".Mekong.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.LoginPath = "/login";
            options.AccessDeniedPath = "/access-denied";
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            // APIs and the live hub answer 401/403; only pages redirect to the log-in form.
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        });

        services.AddDatabaseSessions();
        services.AddSingleton<DummyPasswordHash>();
        services.AddScoped<CreateUserHandler>();
        services.AddScoped<IssueApiKeyHandler>();
        services.AddScoped<RevokeApiKeyHandler>();
        services.AddValidatedOptions<ApiKeyOptions>(configuration, ApiKeyOptions.Section);
        services.AddSingleton<ApiKeyCache>();
        services.AddScoped<Contracts.IUserDirectory, UserDirectory>();
        services.AddScoped<Contracts.IDepartmentDirectory, Features.DepartmentDirectory.DepartmentDirectory>();
        services.AddScoped<Contracts.IOfficerDirectory, Features.OfficerDirectory.OfficerDirectory>();
        services.AddScoped<IStartupTask, EnsureRoles>();
        services.AddScoped<IDemoSeeder, AccessDemoSeeder>();
        services.AddSingleton(new UiAssembly(typeof(AccessModule).Assembly));
        services.AddSingleton(new NavigationLink("admin", "/admin/users", "Người dùng", "Users", 10, Policies.Administrator));
        services.AddSingleton(new NavigationLink("admin", "/admin/api-keys", "Khóa API", "API keys", 20, Policies.Administrator));
        services.AddOptions<OidcOptions>().Bind(configuration.GetSection(OidcOptions.Section));
        return services;
    }

    /// <summary>Authentication, and a firm 401 for a presented API key that is wrong, even on public endpoints.</summary>
    public static IApplicationBuilder UseMekongAuthentication(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.ContainsKey(ApiKeyDefaults.Header))
            {
                var result = await context.AuthenticateAsync(ApiKeyDefaults.Scheme);
                if (result.Failure is not null)
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.Headers.WWWAuthenticate = ApiKeyDefaults.Scheme;
                    var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
                    await problems.WriteAsync(new ProblemDetailsContext
                    {
                        HttpContext = context,
                        ProblemDetails = new ProblemDetails
                        {
                            Type = ProblemTypes.Unauthorized,
                            Title = "Invalid API key",
                            Status = StatusCodes.Status401Unauthorized,
                            Detail = result.Failure.Message,
                        },
                    });
                    return;
                }
            }

            await next(context);
        });
        return app;
    }

    public static IEndpointRouteBuilder MapAccessEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").WithTags("Account").ExcludeFromDescription();
        account.MapPost("/login", SignInEndpoints.SignIn).AllowAnonymous().RequireRateLimiting(RateLimits.Login).DisableAntiforgery().AddEndpointFilter(FormAntiforgery.Check);
        account.MapPost("/logout", SignInEndpoints.SignOut).RequireAuthorization(Policies.Viewer).DisableAntiforgery().AddEndpointFilter(FormAntiforgery.Check);
        account.MapGet("/external", SignInEndpoints.External).AllowAnonymous().RequireRateLimiting(RateLimits.Login);
        account.MapGet("/external-callback", SignInEndpoints.ExternalCallback).AllowAnonymous().RequireRateLimiting(RateLimits.Login);

        var api = app.MapGroup("/api/v1").WithTags("Access");
        api.MapGet("/me", MeEndpoint.Handle).RequireAuthorization(Policies.Viewer).WithName("Me");
        api.MapPut("/me/language", SetPreferredLanguageEndpoint.Handle).RequireAuthorization(Policies.Viewer).WithName("SetPreferredLanguage")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/departments", ListDepartments.Handle).RequireAuthorization(Policies.Viewer).WithName("ListDepartments");

        var admin = app.MapGroup("/api/v1/admin").WithTags("Administration").RequireAuthorization(Policies.Administrator);
        admin.MapGet("/users", ListUsers.Handle).WithName("ListUsers");
        admin.MapPost("/users", CreateUserEndpoint.Handle).WithName("CreateUser");
        admin.MapGet("/api-keys", ListApiKeys.Handle).WithName("ListApiKeys");
        admin.MapPost("/api-keys", IssueApiKeyEndpoint.Handle).WithName("IssueApiKey");
        admin.MapDelete("/api-keys/{id}", RevokeApiKeyEndpoint.Handle).WithName("RevokeApiKey").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static IEnumerable<Command> Commands(CliServices cli) => AccessCommands.Create(cli);

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/ngsi-ld") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/metrics"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
