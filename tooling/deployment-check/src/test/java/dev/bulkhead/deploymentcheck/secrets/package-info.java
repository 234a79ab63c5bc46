/** No credential committed: a scan of every file of the repository, compose and k8s included. */
package dev.bulkhead.deploymentcheck.secrets;
