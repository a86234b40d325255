using Microsoft.Extensions.Options;

namespace LearningBot.Meetings;

/// <summary>
/// POST /api/opportunities, signed like /api/meetings:
/// <c>{"opportunities": [{"id", "account_domain", "partner", "stage", "owner_email"}], "deleted": ["id"]}</c>.
/// </summary>
internal static class OpportunityWebhook
{
    public const string Path = "/api/opportunities";

    public static async Task<IResult> HandleAsync(
        HttpContext context, IOptions<WebhookOptions> options, TimeProvider time, OpportunityImporter importer, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(OpportunityWebhook));
        var (body, refusal) = await SignedWebhook.ReadAsync(context, options, time, logger);
        if (refusal is not null)
            return refusal;
        using (body)
        {
            return await SignedWebhook.WriteAsync(context, logger, async () =>
            {
                var result = await importer.ImportJsonAsync(body!.RootElement, context.RequestAborted);
                if (result.Errors.Count > 0)
                    return Results.BadRequest(new { errors = result.Errors });
                return Results.Ok(new { added = result.Added, updated = result.Updated, deleted = result.Deleted, meetings_rematched = result.Rematched });
            });
        }
    }
}
