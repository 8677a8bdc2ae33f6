package io.wattline.local;

import java.nio.file.Path;
import org.gaul.s3proxy.nio2blob.AbstractNio2BlobStore;

/**
 * S3Proxy's filesystem backend with its object-versioning support switched on, so the local artefact
 * bucket is versioned like the one the CDK stack creates ({@code FilesystemNio2BlobStore} is final and
 * leaves versioning off).
 */
final class VersionedFilesystemBlobStore extends AbstractNio2BlobStore {
    VersionedFilesystemBlobStore(Path root) {
        super(root);
    }

    @Override
    public boolean supportsVersioning() {
        return true;
    }
}
