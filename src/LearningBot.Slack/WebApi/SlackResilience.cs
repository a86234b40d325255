using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace LearningBot.Slack.WebApi;

/// <summary>The one Polly pipeline every Web API call goes through (https://docs.slack.dev/apis/web-api/rate-limits):
/// retry → circuit breaker → rate limiter → attempt timeout. A singleton, so breaker and limiter state outlive the
/// handlers IHttpClientFactory recycles.</summary>
/// <remarks>
/// What is retried:
/// <list type="bullet">
/// <item>HTTP 429: after exactly <c>Retry-After</c> plus up to <see cref="MaxRetryAfterJitter"/>, never sooner; without the
/// header, after the backoff delay; a wait longer than <see cref="SlackResilienceOptions.MaxRetryAfter"/> is returned to the caller.</item>
/// <item>HTTP 5xx, attempt timeouts and network faults: jittered exponential backoff, at most
/// <see cref="SlackResilienceOptions.MaxRetryAttempts"/> retries.</item>
/// <item>Never: other statuses, any HTTP 200 (Slack's <c>ok:false</c> errors, permanent or not, are the caller's to handle),
/// a body naming one of <see cref="PermanentErrors"/>, an open circuit, a rate-limiter refusal, the caller's cancellation.</item>
/// </list>
/// Message-creating methods (<see cref="MethodTiers.CreatesMessage"/>) and response_url posts have no idempotency key, so
/// after a failure where the request may have reached Slack (5xx, timeout, connection lost mid-request) they are not
/// repeated: the failure goes back to the caller, whose outbox looks for the message before posting again (SLACK.md 6.4).
/// They are retried only when Slack certainly did not act: a 429, or a connection that was never made.
/// </remarks>
public sealed partial class SlackResilience
{
    /// <summary>Jitter added on top of <c>Retry-After</c> so that callers told the same second do not return together.</summary>
    public static readonly TimeSpan MaxRetryAfterJitter = TimeSpan.FromMilliseconds(250);

    /// <summary>Error codes that will not change by trying again (https://docs.slack.dev/reference/methods, SLACK.md 5.2).</summary>
    public static readonly IReadOnlySet<string> PermanentErrors = new HashSet<string>(StringComparer.Ordinal)
    {
        "account_inactive", "channel_not_found", "user_not_found", "users_not_found", "not_in_channel", "user_not_in_channel",
        "invalid_auth", "not_authed", "token_revoked", "token_expired", "missing_scope", "is_archived",
        "msg_too_long", "no_text", "invalid_blocks", "invalid_blocks_format", "msg_blocks_too_long",
        "cant_update_message", "message_not_found", "edit_window_closed",
        "expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id", "view_too_large", "hash_conflict", "not_enabled",
        "push_limit_reached", "duplicate_external_id",
        "ekm_access_denied", "team_access_not_granted", "restricted_action", "access_denied",
    };

    private static readonly ResiliencePropertyKey<SlackCall> CallKey = new("LearningBot.Slack.Call");

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly SlackResilienceOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<double> _random;
    private readonly ILogger _logger;
    private readonly SlackTelemetry? _telemetry;

    public SlackResilience(IOptions<SlackResilienceOptions> options, TimeProvider time, ILogger<SlackResilience> logger, SlackTelemetry telemetry)
        : this(options.Value, time, Random.Shared.NextDouble, logger, telemetry)
    {
    }

    /// <param name="random">Returns a number in [0, 1); jitter comes only from here, so tests can fix it.</param>
    public SlackResilience(SlackResilienceOptions options, TimeProvider time, Func<double> random, ILogger? logger = null, SlackTelemetry? telemetry = null)
    {
        _telemetry = telemetry;
        var validation = new SlackResilienceOptionsValidator().Validate(null, options);
        if (validation.Failed)
            throw new OptionsValidationException(SlackResilienceOptions.Section, typeof(SlackResilienceOptions), validation.Failures);

        _options = options;
        _time = time;
        _random = random;
        _logger = logger ?? NullLogger.Instance;
        _pipeline = Build();
    }

    internal async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        var call = await DescribeAsync(request, cancellationToken).ConfigureAwait(false);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallKey, call);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (ctx, state) => await state.send(state.request, ctx.CancellationToken).ConfigureAwait(false),
                context,
                (request, send)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ResiliencePipeline<HttpResponseMessage> Build()
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time };

        if (_options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.BaseDelay,
                // Bounds the backoff; a Retry-After delay is at most MaxRetryAfter + jitter, so this never shortens it.
                MaxDelay = _options.MaxRetryAfter + MaxRetryAfterJitter,
                Randomizer = _random,
                ShouldHandle = args => ShouldRetryAsync(args.Outcome, args.Context),
                DelayGenerator = args => ValueTask.FromResult(RetryAfterDelay(args.Outcome)),
                OnRetry = args =>
                {
                    var call = args.Context.Properties.GetValue(CallKey, SlackCall.Unknown);
                    LogRetry(_logger, call.Method ?? "response_url", Describe(args.Outcome), args.AttemptNumber + 1, args.RetryDelay);
                    if (args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests })
                        _telemetry?.RateLimited(call.Method ?? "response_url", args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            FailureRatio = _options.BreakerFailureRatio,
            MinimumThroughput = _options.BreakerMinimumThroughput,
            SamplingDuration = _options.BreakerSamplingDuration,
            BreakDuration = _options.BreakerBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsOutage(args.Outcome)),
            OnOpened = args =>
            {
                LogCircuitOpened(_logger, args.BreakDuration, Describe(args.Outcome));
                return ValueTask.CompletedTask;
            },
        });

        if (_options.EnableRateLimiter)
        {
            var limiter = new SlackRateLimiter(_time, _options.MaxRateLimitWait);
            builder.AddRateLimiter(new RateLimiterStrategyOptions
            {
                RateLimiter = args =>
                {
                    var call = args.Context.Properties.GetValue(CallKey, SlackCall.Unknown);
                    return call.RateKey is null || call.Rate is null
                        ? ValueTask.FromResult(NoLimit.Lease)
                        : limiter.AcquireAsync(call.RateKey, call.Rate, args.Context.CancellationToken);
                },
            });
        }

        builder.AddTimeout(_options.AttemptTimeout);
        return builder.Build();
    }

    private async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (context.CancellationToken.IsCancellationRequested)
            return false;
        var call = context.Properties.GetValue(CallKey, SlackCall.Unknown);

        if (outcome.Exception is { } exception)
        {
            return exception switch
            {
                BrokenCircuitException or RateLimiterRejectedException => false,
                TimeoutRejectedException => call.Repeatable,
                HttpRequestException http => call.Repeatable || NeverReachedSlack(http),
                _ => false,
            };
        }

        var response = outcome.Result!;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var wait = RetryAfter(response);
            return (wait is null || wait <= _options.MaxRetryAfter) && !await NamesPermanentErrorAsync(response, context).ConfigureAwait(false);
        }
        return (int)response.StatusCode >= 500 && call.Repeatable && !await NamesPermanentErrorAsync(response, context).ConfigureAwait(false);
    }

    /// <summary>Errors raised before a connection existed: the request cannot have reached Slack.</summary>
    internal static bool NeverReachedSlack(HttpRequestException exception) => exception.HttpRequestError is
        HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or
        HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;

    private static bool IsOutage(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        HttpRequestException or TimeoutRejectedException => true,
        null => (int)outcome.Result!.StatusCode >= 500,
        _ => false,
    };

    private TimeSpan? RetryAfterDelay(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Result is not { StatusCode: HttpStatusCode.TooManyRequests } response || RetryAfter(response) is not { } wait)
            return null;
        return wait + MaxRetryAfterJitter * Math.Clamp(_random(), 0, 1);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date > _time.GetUtcNow() ? date - _time.GetUtcNow() : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>Slack sends errors as HTTP 200, but a proxy or the emulator may not; a permanent code is never worth a retry.</summary>
    private static async ValueTask<bool> NamesPermanentErrorAsync(HttpResponseMessage response, ResilienceContext context)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/json" || response.Content.Headers.ContentLength > 64 * 1024)
            return false;
        try
        {
            await response.Content.LoadIntoBufferAsync(context.CancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(context.CancellationToken).ConfigureAwait(false);
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.String
                && PermanentErrors.Contains(error.GetString()!);
        }
        catch (Exception e) when (e is JsonException or HttpRequestException or IOException)
        {
            return false;
        }
    }

    private static async ValueTask<SlackCall> DescribeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Buffer once so every attempt sends the same bytes.
        if (request.Content is not null)
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);

        var method = MethodTiers.MethodOf(request.RequestUri);
        if (method is null)
            return new SlackCall(null, Repeatable: false, RateKey: null, Rate: null);

        var workspace = WorkspaceKey(request.Headers.Authorization);
        var repeatable = !MethodTiers.CreatesMessage(method);
        if (method == "chat.postMessage" && request.Options.TryGetValue(SlackRequestOptions.Channel, out var channel))
            return new SlackCall(method, repeatable, $"{workspace}|{method}|{channel}", MethodTiers.PostMessagePerChannel);
        return new SlackCall(method, repeatable, $"{workspace}|{method}", MethodTiers.RateOf(method));
    }

    /// <summary>Limits are per workspace; the token stands for it, hashed so no key holds a secret.</summary>
    private static string WorkspaceKey(AuthenticationHeaderValue? authorization)
    {
        if (authorization?.Parameter is not { Length: > 0 } token)
            return "-";
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), hash);
        return Convert.ToHexString(hash[..8]);
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } e ? e.GetType().Name : $"HTTP {(int)outcome.Result!.StatusCode}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack {Method} failed with {Failure}; retry {Retry} in {Delay}")]
    private static partial void LogRetry(ILogger logger, string method, string failure, int retry, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack Web API circuit opened for {BreakDuration} after {Failure}")]
    private static partial void LogCircuitOpened(ILogger logger, TimeSpan breakDuration, string failure);

    /// <summary>What the pipeline needs to know about one call.</summary>
    /// <param name="Repeatable">False for message-creating methods and response_url posts.</param>
    private sealed record SlackCall(string? Method, bool Repeatable, string? RateKey, MethodRate? Rate)
    {
        public static readonly SlackCall Unknown = new(null, false, null, null);
    }

    private sealed class NoLimit : System.Threading.RateLimiting.RateLimitLease
    {
        public static readonly System.Threading.RateLimiting.RateLimitLease Lease = new NoLimit();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
