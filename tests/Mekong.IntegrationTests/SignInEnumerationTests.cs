using System.Net;
using System.Net.Http.Json;
using Mekong.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.IntegrationTests;

/// <summary>
/// A failed log-in tells nothing about whether the account exists: the same answer for an unknown e-mail, a wrong
/// password and a locked account, the same password-hash work on every path, and no e-mail in the redirect.
/// </summary>
public abstract class SignInEnumerationTests(SignInEnumerationTests.App app)
{
    private readonly HashCounter _hashes = app.Hashes;
    private readonly WebApplicationFactory<Program> _server = app.Server;

    /// <summary>One server per provider for the class (each test makes users of its own; tests of a class run one at a time).</summary>
    public abstract class App(DatabaseKind kind) : IAsyncLifetime
    {
        private MekongAppFactory? _factory;

        internal HashCounter Hashes { get; } = new();

        public WebApplicationFactory<Program> Server { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            _factory = await MekongAppFactory.CreateAsync(kind, new Dictionary<string, string?> { ["Mekong:RateLimits:Login:PerMinute"] = "1000" });
            Server = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(services => HashCounter.Install(services, Hashes)));
        }

        public async ValueTask DisposeAsync()
        {
            if (Server is not null)
            {
                await Server.DisposeAsync();
            }

            if (_factory is not null)
            {
                await _factory.DisposeAsync();
            }

            GC.SuppressFinalize(this);
        }
    }

    public sealed class SqliteApp() : App(DatabaseKind.Sqlite);

    public sealed class PostgreSqlApp() : App(DatabaseKind.PostgreSql);

    [Fact]
    public async Task An_unknown_e_mail_and_a_known_one_get_the_same_answers_all_the_way_to_lock_out()
    {
        var known = await CreateUserAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}@phusa.example";

        var forKnown = new List<string>();
        var forUnknown = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            forKnown.Add(await FailedLocationAsync(known, "wrong-password-" + i));
            forUnknown.Add(await FailedLocationAsync(unknown, "wrong-password-" + i));
        }

        Assert.Equal(forKnown, forUnknown);
        Assert.All(forKnown, l => Assert.Equal("/login?error=invalid&returnUrl=%2Fops", l));
        // The lock-out still holds: the right password is refused, with the same answer.
        Assert.Equal("/login?error=invalid&returnUrl=%2Fops", await FailedLocationAsync(known, Password));
    }

    [Fact]
    public async Task Every_failed_path_does_the_password_hash_work()
    {
        var known = await CreateUserAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}@phusa.example";

        var forUnknown = await HashesDuringAsync(() => FailedLocationAsync(unknown, "wrong-password-1"));
        var forWrongPassword = await HashesDuringAsync(() => FailedLocationAsync(known, "wrong-password-1"));
        for (var i = 0; i < 5; i++)
        {
            await FailedLocationAsync(known, "wrong-password-x" + i);
        }

        var forLockedOut = await HashesDuringAsync(() => FailedLocationAsync(known, Password));

        Assert.Equal(1, forWrongPassword);
        Assert.Equal(1, forUnknown);
        Assert.Equal(1, forLockedOut);
    }

    [Fact]
    public async Task The_failed_log_in_redirect_does_not_carry_the_e_mail()
    {
        var known = await CreateUserAsync();

        var location = await FailedLocationAsync(known, "wrong-password-1");
        var missing = await FailedLocationAsync(known, string.Empty);

        Assert.DoesNotContain("email", location, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Uri.EscapeDataString(known), location, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("enum-", missing, StringComparison.OrdinalIgnoreCase);
    }

    private const string Password = "correct-horse-42";

    private async Task<int> HashesDuringAsync(Func<Task<string>> action)
    {
        var before = _hashes.Verifications;
        await action();
        return _hashes.Verifications - before;
    }

    private async Task<string> CreateUserAsync()
    {
        var admin = Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostFormAsync(admin, Demo.Admin, Demo.Password)).StatusCode);
        var email = $"enum-{Guid.NewGuid():N}@phusa.example";
        var created = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, role = "Viewer", password = Password, jurisdiction = Demo.Jurisdiction }, TestContext.Current.CancellationToken);
        await Http.JsonAsync(created, HttpStatusCode.Created);
        return email;
    }

    private async Task<string> FailedLocationAsync(string email, string password)
    {
        var response = await SignIn.PostFormAsync(Browser(), email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    private HttpClient Browser() => _server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Counts password-hash verifications by wrapping the server's own hasher (its user type is internal to Access).</summary>
    internal sealed class HashCounter
    {
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public void Count() => Interlocked.Increment(ref _verifications);

        public static void Install(IServiceCollection services, HashCounter counter)
        {
            var descriptor = services.Last(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IPasswordHasher<>));
            var user = descriptor.ServiceType.GetGenericArguments()[0];
            services.AddSingleton(counter);
            services.AddScoped(descriptor.ServiceType, typeof(CountingHasher<>).MakeGenericType(user));
        }
    }

    private sealed class CountingHasher<TUser>(HashCounter counter) : IPasswordHasher<TUser>
        where TUser : class
    {
        private readonly PasswordHasher<TUser> _inner = new();

        public string HashPassword(TUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(TUser user, string hashedPassword, string providedPassword)
        {
            counter.Count();
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

public sealed class SignInEnumerationTests_Sqlite(SignInEnumerationTests.SqliteApp app) : SignInEnumerationTests(app), IClassFixture<SignInEnumerationTests.SqliteApp>;

public sealed class SignInEnumerationTests_PostgreSql(SignInEnumerationTests.PostgreSqlApp app) : SignInEnumerationTests(app), IClassFixture<SignInEnumerationTests.PostgreSqlApp>;
