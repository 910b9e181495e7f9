var app = WebApplication.CreateSlimBuilder(args).Build();
app.MapGet("/health/ready", () => "Healthy");
// The reference of `bench open311`: a JSON answer with no work behind it (TechEmpower's "JSON serialization" test).
app.MapGet("/json", () => TypedResults.Json(new Message("Hello, World!")));
app.Run();

internal sealed record Message(string Text);
