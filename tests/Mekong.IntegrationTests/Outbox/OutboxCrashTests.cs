using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Mekong.IntegrationTests.Outbox;

/// <summary>
/// kill -9 between commit and delivery loses nothing: the real server program commits a probe message while its
/// dispatcher is held back, is killed with SIGKILL, and the restarted program delivers the message exactly once
/// (the probe handler records every delivery, repeats included, in the database).
/// </summary>
public sealed class OutboxCrashTests
{
    [Fact]
    public async Task A_message_committed_before_a_SIGKILL_is_delivered_exactly_once_after_the_restart()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var storage = await TestStorage.CreateAsync(DatabaseKind.Sqlite);
        var noDemo = new Dictionary<string, string> { ["Mekong__Demo"] = "false" };
        var issued = await ServerCli.RunAsync(storage, noDemo, "apikeys", "create", "--name", "crash-test", "--role", "Administrator");
        Assert.True(issued.ExitCode == 0, issued.ToString());
        var key = issued.Output.Trim();

        Guid id;
        using (var held = Start(storage, out var url, new Dictionary<string, string> { ["Mekong__Outbox__Dispatch"] = "false" }))
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            await WaitReadyAsync(http, held, cancellation);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/outbox/probe");
            request.Headers.Add("X-Api-Key", key);
            using var response = await http.SendAsync(request, cancellation);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            id = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellation)).GetProperty("id").GetGuid();

            held.Kill(); // SIGKILL: no shutdown, no flush beyond what the commit made durable
            await held.WaitForExitAsync(cancellation);
        }

        Assert.Equal("Pending", State(storage, id));
        Assert.Equal(0L, Deliveries(storage, id));

        using (var restarted = Start(storage, out var url, new Dictionary<string, string> { ["Mekong__Outbox__PollInterval"] = "00:00:00.100" }))
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            await WaitReadyAsync(http, restarted, cancellation);
            await OutboxHarness.EventuallyAsync(() => Task.FromResult(State(storage, id) == "Delivered"), "the probe is delivered after the restart");
            // Several more polling rounds: a message delivered again would show up as a second record.
            await Task.Delay(1000, cancellation);
            restarted.Kill();
            await restarted.WaitForExitAsync(cancellation);
        }

        Assert.Equal(1L, Deliveries(storage, id));
        Assert.Equal("Delivered", State(storage, id));
    }

    private static Process Start(TestStorage storage, out string url, Dictionary<string, string> environment)
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        }

        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = storage.DataDirectory };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Mekong__DataDirectory"] = storage.DataDirectory;
        start.Environment["Mekong__Demo"] = "false";
        foreach (var (k, v) in environment)
        {
            start.Environment[k] = v;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(HttpClient http, Process process, CancellationToken cancellation)
    {
        await OutboxHarness.EventuallyAsync(async () =>
        {
            Assert.False(process.HasExited, $"The server exited with {(process.HasExited ? process.ExitCode : 0)} before it was ready.");
            try
            {
                using var ready = await http.GetAsync("/health/ready", cancellation);
                return ready.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the server is ready", seconds: 60);
    }

    private static string? State(TestStorage storage, Guid id) =>
        (string?)Scalar(storage, "SELECT State FROM platform_outbox WHERE lower(Id) = $id", id);

    private static long Deliveries(TestStorage storage, Guid id) =>
        (long)Scalar(storage, "SELECT count(*) FROM platform_outbox_probe_deliveries WHERE lower(MessageId) = $id", id)!;

    private static object? Scalar(TestStorage storage, string sql, Guid id)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(storage.DataDirectory, "mekong.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        return command.ExecuteScalar();
    }
}
