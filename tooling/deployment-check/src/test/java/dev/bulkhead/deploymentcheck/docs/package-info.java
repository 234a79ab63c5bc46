/** The repository's Markdown checked against the repository: links, anchors, cited paths and tests. */
package dev.bulkhead.deploymentcheck.docs;
