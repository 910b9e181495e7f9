using System.Security.Claims;
using System.Text.Json;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mekong.Modules.Telemetry.Features.Ingest;

/// <summary>
/// <c>POST /api/v1/telemetry</c> with <c>{"readings": [{"device": 12, "measurement": "water_level", "ts": "…", "value": 1.2}, …]}</c>.
/// 200 with the per-item result when anything was accepted (the good items are stored and committed before the answer);
/// 400 with every item's error (<c>readings[3].value</c>) when none was; nothing half-written either way (ADR 0027).
/// </summary>
internal static class IngestEndpoint
{
    public static async Task<Results<Ok<IngestResult>, ValidationProblem, ProblemHttpResult>> Post(
        HttpRequest request, ClaimsPrincipal user, IngestReadingsHandler handler, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(
                "Send the readings as application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type", type: ProblemTypes.UnsupportedMediaType);
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 8 }, cancellationToken);
        }
        catch (JsonException e)
        {
            return TypedResults.Problem($"The body is not JSON: {e.Message}", statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", type: ProblemTypes.BadRequest);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("readings", out var items)
                || items.ValueKind != JsonValueKind.Array)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["readings"] = ["The body is {\"readings\": [...]}."] }, type: ProblemTypes.Validation);
            }

            if (items.GetArrayLength() is 0 or > IngestReadingsHandler.MaxBatch)
            {
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["readings"] = [$"A batch holds 1 to {IngestReadingsHandler.MaxBatch:N0} readings."] }, type: ProblemTypes.Validation);
            }

            var result = await handler.IngestAsync(TelemetryPolicies.CallerOf(user), items, cancellationToken);
            if (result.Accepted == 0)
            {
                var errors = new FieldErrors();
                foreach (var r in result.Rejected)
                {
                    errors.Add(r.Field.Length == 0 ? $"readings[{r.Index}]" : $"readings[{r.Index}].{r.Field}", r.Reason);
                }

                return TypedResults.ValidationProblem(errors.ToDictionary(), detail: "No reading of the batch could be stored.", type: ProblemTypes.Validation);
            }

            return TypedResults.Ok(result);
        }
    }
}
