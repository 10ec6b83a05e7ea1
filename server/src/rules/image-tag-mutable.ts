/**
 * `image-tag-mutable`: an image with no tag (which means `:latest`) or with `:latest`, and no
 * digest. What the tag points to changes over time, so two nodes (or one node before and after a
 * restart) can run different code under one pod spec, and rolling back the manifest does not
 * bring the old image back. Placeholders (`${IMAGE}`, `<image>`, `IMAGE_URL`) and partial
 * manifests (patches) are not judged, nor images whose tag the kustomization in the file's folder
 * sets (`options.pinnedImages`).
 */
import { parseImageRef } from '../knowledge/images';
import type { Rule } from './rule';
import { apiMessage, isPartial, quote } from './support';
import { stringField } from '../model/podSpec';

export const imageTagMutable: Rule = {
  id: 'image-tag-mutable',
  defaultSeverity: 'info',
  title: 'An image with no tag or `:latest`, and no digest.',
  check({ manifest, options, report }) {
    const pod = manifest.podSpec;
    if (!pod || isPartial(manifest, options)) return;
    for (const c of pod.containers) {
      if (c.role === 'ephemeral') continue;
      const image = stringField(c, 'image');
      if (image.kind !== 'string') continue;
      const ref = parseImageRef(image.value);
      if (!ref || ref.digest || (ref.tag !== undefined && ref.tag !== 'latest')) continue;
      // The kustomization of the file gives this image its tag (`images:` with newTag or digest).
      // (kustomize matches `images[].name` against the image without its tag and digest).
      if (options.pinnedImages?.includes(ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository)) continue;
      const what = ref.tag === undefined ? `${quote(image.value.trim())} has no tag, so it means :latest` : `${quote(image.value.trim())} uses the :latest tag`;
      report({
        span: image.span,
        message: apiMessage(
          [...c.path, 'image'],
          what,
          'the image behind it changes whenever a new one is pushed, so nodes can run different code for one pod spec and rolling back the manifest does not bring the old image back (imagePullPolicy also defaults to Always); pin a version tag or a digest (@sha256:…).',
        ),
      });
    }
  },
};
