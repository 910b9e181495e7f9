using Npgsql;

namespace Mekong.Testing;

/// <summary>
/// The PostgreSQL server the tests may use (<c>MEKONG_TEST_PG</c>, set by ./test.sh). Without it, PostgreSQL tests
/// are skipped with the reason on a developer machine and fail in CI (<c>CI=true</c>), where a skipped provider would
/// hide a broken half of the product.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "MEKONG_TEST_PG";

    private static readonly Lazy<Task<string?>> Unavailable = new(ProbeAsync);

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string AdminConnectionString => Environment.GetEnvironmentVariable(Variable) ?? string.Empty;

    /// <summary>Why PostgreSQL cannot be used, or null when it can.</summary>
    public static Task<string?> UnavailableReasonAsync() => Unavailable.Value;

    /// <summary>Returns when PostgreSQL is usable; otherwise skips the test, or fails it in CI.</summary>
    public static async Task RequireAsync()
    {
        if (await UnavailableReasonAsync() is { } reason)
        {
            SkipOrFail(reason);
        }
    }

    /// <summary>Skips the test for this reason, or fails it in CI.</summary>
    public static void SkipOrFail(string reason)
    {
        if (IsCi)
        {
            Assert.Fail($"{reason} CI=true: PostgreSQL tests must run in CI.");
        }

        Assert.Skip(reason);
    }

    private static async Task<string?> ProbeAsync()
    {
        var connectionString = AdminConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"PostgreSQL tests need {Variable} (e.g. Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres); ./test.sh starts a throwaway server and sets it.";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5 };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or ArgumentException or InvalidOperationException or TimeoutException)
        {
            return $"PostgreSQL at {Variable} is unreachable: {ex.Message}";
        }
    }
}
