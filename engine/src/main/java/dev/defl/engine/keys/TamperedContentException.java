package dev.defl.engine.keys;

import dev.defl.engine.content.Cid;

import java.util.List;

/**
 * Encrypted content that fails its integrity checks: a GCM tag fails (the envelope was changed after sealing) or the
 * bytes start like an envelope but are not a well-formed one. The message names the CID and what failed; nothing of
 * the content is released.
 */
public final class TamperedContentException extends EncryptedContentException {
    TamperedContentException(Cid cid, List<String> recipients, String problem, Throwable cause) {
        super(cid, recipients, "content " + cid + " cannot be decrypted: " + problem, cause);
    }
}
