using LearningBot.Infrastructure.Replay;
using Microsoft.Extensions.Options;

namespace LearningBot.Meetings;

/// <summary>
/// POST /api/opportunities, signed like /api/meetings:
/// <c>{"opportunities": [{"id", "account_domain", "partner", "stage", "owner_email", "updated_at"}], "deleted": ["id" or {"id", "updated_at"}]}</c>;
/// ordered and replay-checked like /api/meetings.
/// </summary>
internal static class OpportunityWebhook
{
    public const string Path = "/api/opportunities";

    public static async Task<IResult> HandleAsync(
        HttpContext context, IOptions<WebhookOptions> options, TimeProvider time, ReplayCache replays, OpportunityImporter importer,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(OpportunityWebhook));
        var (body, replay, refusal) = await SignedWebhook.ReadAsync(context, options, time, replays, logger);
        if (refusal is not null)
            return refusal;
        using (body)
        {
            return await SignedWebhook.WriteAsync(context, logger, async () =>
            {
                var result = await importer.ImportJsonAsync(body!.RootElement, context.RequestAborted, replay);
                if (result.Errors.Count > 0)
                    return Results.BadRequest(new { errors = result.Errors });
                return Results.Ok(new
                {
                    added = result.Added, updated = result.Updated, deleted = result.Deleted, meetings_rematched = result.Rematched,
                    stale = result.Stale ?? [], replayed = result.Replayed,
                });
            });
        }
    }
}
