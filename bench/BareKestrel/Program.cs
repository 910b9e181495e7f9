var app = WebApplication.CreateSlimBuilder(args).Build();
app.MapGet("/health/ready", () => "Healthy");
app.Run();
