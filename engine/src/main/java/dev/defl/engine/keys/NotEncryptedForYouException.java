package dev.defl.engine.keys;

import dev.defl.engine.content.Cid;

import java.util.List;

/**
 * Content is encrypted, and none of the user's accounts (or not the one chosen) is among its recipients. The message
 * names the CID, the recipients and the user's accounts.
 */
public final class NotEncryptedForYouException extends EncryptedContentException {
    NotEncryptedForYouException(Cid cid, List<String> recipients, String yours) {
        super(cid, recipients, "content " + cid + " is encrypted for "
                + String.join(", ", recipients.stream().map(org.web3j.crypto.Keys::toChecksumAddress).toList()) + "; " + yours, null);
    }
}
