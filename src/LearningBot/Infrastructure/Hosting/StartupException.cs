namespace LearningBot.Infrastructure.Hosting;

/// <summary>A reason the bot cannot start, worded for the operator; printed as one line, no stack trace.</summary>
internal sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
