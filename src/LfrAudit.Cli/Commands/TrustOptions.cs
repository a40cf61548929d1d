using LfrAudit.Application.Audit;

namespace LfrAudit.Cli.Commands;

/// <summary>
/// Which key an export is verified with — one of: the operator's public key as the IAG holds it (--public-key), the key
/// pinned in the IAG's state file (--state: pinned on first use, required after, and the export must extend the head the IAG
/// last saw, which a verified export then becomes), or, explicitly and loudly, the key
/// inside the export (--trust-export-key). Without one, the command is refused: a default of the export's own key would
/// let a forged export, re-signed with another key, verify.
/// </summary>
internal sealed class TrustOptions
{
    private readonly Option<string?> _publicKey = new("--public-key") { Description = "The operator's public key as the IAG holds it (handed over out of band)" };
    private readonly Option<string?> _state = new("--state") { Description = "The IAG's state file (the witness's): the operator's key is pinned there on first use and required after; the export must extend the last head the IAG saw, and becomes the one last seen" };
    private readonly Option<bool> _exportKey = new("--trust-export-key") { Description = "Trust the public key inside the export: shows only that it is self-consistent (a forged export re-signed with another key verifies too)" };

    public void AddTo(Command command)
    {
        command.Options.Add(_publicKey);
        command.Options.Add(_state);
        command.Options.Add(_exportKey);
        command.Validators.Add(result =>
        {
            int given = (result.GetValue(_publicKey) is null ? 0 : 1) + (result.GetValue(_state) is null ? 0 : 1) + (result.GetValue(_exportKey) ? 1 : 0);
            if (given == 0) result.AddError("say which key to trust: --public-key KEY (the operator's, as you hold it), --state FILE (pinned on first use), or --trust-export-key (the export's own: proves only self-consistency)");
            else if (given > 1) result.AddError("give one of --public-key, --state and --trust-export-key");
        });
    }

    public ExportTrust Of(CommandContext c) =>
        c.Get(_publicKey) is { } key ? new ExportTrust.IagKey(key)
        : c.Get(_state) is { } state ? new ExportTrust.Pinned(state)
        : new ExportTrust.ExportsOwnKey();
}
