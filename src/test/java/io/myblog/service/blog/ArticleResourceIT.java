package io.myblog.service.blog;

import io.myblog.support.MariaDbTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The API tests again, against the packaged artifact (the jar, or the native binary with -Dnative). */
@QuarkusIntegrationTest
@WithTestResource(MariaDbTestResource.class)
class ArticleResourceIT extends ArticleResourceTest {
}
