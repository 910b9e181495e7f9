namespace Mekong.Web.Resources;

/// <summary>Marker for the strings of /admin/outbox and /admin/jobs: BackgroundWork.resx (Vietnamese) and BackgroundWork.en.resx.</summary>
internal sealed class BackgroundWork;
