"""Feature extractors for the five papers: pure, picklable, deterministic functions.

Every per-item extractor returns fixed-size float32 arrays and a ``flags`` dict
(bad input: silent / constant / too-short / NaN audio, blank images; see
:mod:`.audio_io` and :mod:`.image_io`); outputs are always finite. Fitted
transforms (PCA-whitening, video-level PCA, TF-IDF) are fitted only on the rows
the caller passes (the training split).

=====================================================  =====================================  ==========
function / class                                       output                                  paper
=====================================================  =====================================  ==========
``audio_vmnet.extract_vmnet_audio_features``           (1140,)                                 vmnet
``audio_acpnet.extract_acpnet_audio_features``         (n_segments, 193)                       acpnet
``audio_mrcca.extract_mrcca_audio_features``           (133,) = 89 descriptors + 44 moods      mrcca
``audio_sdcca.sdcca_audio_frames`` (+ chunking)        (n_seconds, 128)                        sdcca
``spectrogram.log_spectrogram``                        (n_fft/2+1, frames), 100 ms / 25 ms     acpnet
``visual_cnn.CnnFrameExtractor``                       (N, 1280) pooled, (N, 1000) probs       all
``visual_aggregate.PcaWhitening``                      (N, 1024)                               vmnet, sdcca
``visual_aggregate.vmnet_video_statistics``            (7 * D,) -> ``VideoLevelProjection`` 1024  vmnet
``visual_aggregate.max_pool_frames``                   (D,)                                    sdcca
``visual_handcrafted.extract_handcrafted_image_features``  (2596,) + per-type distances        mrcca
``image_tags.image_tag_vector`` / ``image_tag_words``  (1023,) / words                         image2song
``text.preprocess_lyrics`` / ``GloveVectors`` / ``fit_tfidf``  tokens / (n, 50) / TF-IDF       image2song
=====================================================  =====================================  ==========

Substitutes for models that cannot be had offline (Inception-v3, VGGish, the
Echo Nest API, the Visual Genome Faster R-CNN) are named in each module.
"""
