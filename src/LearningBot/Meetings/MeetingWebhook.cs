using LearningBot.Infrastructure.Replay;
using Microsoft.Extensions.Options;

namespace LearningBot.Meetings;

/// <summary>
/// POST /api/meetings for a CRM or calendar bridge: signed (<see cref="SignedWebhook"/>), upserts by (source, uid),
/// cancels the uids listed under "deleted", then re-plans the sellers concerned. Items older than the stored version come
/// back under "stale"; the same signed request sent again is answered "replayed" and writes nothing. A malformed batch or an unknown seller
/// is refused whole with every problem listed; nothing is written.
/// </summary>
internal static class MeetingWebhook
{
    public const string Path = "/api/meetings";
    public const string Source = "webhook";

    public static async Task<IResult> HandleAsync(
        HttpContext context, IOptions<WebhookOptions> options, TimeProvider time, ReplayCache replays, MeetingBatchWriter writer,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(MeetingWebhook));
        var (body, replay, refusal) = await SignedWebhook.ReadAsync(context, options, time, replays, logger);
        if (refusal is not null)
            return refusal;
        MeetingBatch batch;
        using (body)
            batch = MeetingPayload.Parse(body!.RootElement);
        if (batch.Errors.Count > 0)
            return Results.BadRequest(new { errors = batch.Errors });

        return await SignedWebhook.WriteAsync(context, logger, async () =>
        {
            var result = await writer.WriteAsync(Source, batch, context.RequestAborted, replay);
            if (result.Errors.Count > 0)
                return Results.BadRequest(new { errors = result.Errors });
            return Results.Ok(new
            {
                received = result.Received, changed = result.Changed, cancelled = result.Cancelled, stale = result.Stale ?? [], replayed = result.Replayed,
            });
        });
    }
}
