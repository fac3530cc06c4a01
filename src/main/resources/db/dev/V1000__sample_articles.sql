-- Dev mode only (see %dev.quarkus.flyway.locations): a few articles so /blog/index/ shows something.
INSERT INTO article (title, content, excerpt, author, created_at, updated_at, version) VALUES
('Hello, Kubernetes', 'The course blog, now a Quarkus service that deploys itself.', 'The course blog, now a Quarkus service that deploys itself.', 'myblog', TIMESTAMP '2026-01-01 09:00:00', TIMESTAMP '2026-01-01 09:00:00', 0),
('你好，Kubernetes', '从 Django 到 Quarkus：同一个博客，跑在 Kubernetes 上。', '从 Django 到 Quarkus：同一个博客，跑在 Kubernetes 上。', '小明', TIMESTAMP '2026-01-02 09:00:00', TIMESTAMP '2026-01-02 09:00:00', 0),
('Probes that tell the truth', 'Liveness ignores the database; readiness does not.', 'Liveness ignores the database; readiness does not.', 'myblog', TIMESTAMP '2026-01-03 09:00:00', TIMESTAMP '2026-01-03 09:00:00', 0);
